using System.IO.Pipelines;

namespace ClusterLocator.Controller.Diagnostics;

/// <summary>A <see cref="PipeWriter"/> that counts the bytes its writer commits with <see cref="Advance"/>.</summary>
internal sealed class CountedPipeWriter(PipeWriter inner, FrontDoorBytes bytes) : PipeWriter
{
    public override void Advance(int count)
    {
        bytes.AddSent(count);
        inner.Advance(count);
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes;
}
