using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace ClusterLocator.Controller.Diagnostics;

/// <summary>
/// A <see cref="PipeReader"/> that counts the bytes its reader consumes: the distance from the start
/// of the last buffer read to the position handed to <see cref="AdvanceTo(SequencePosition, SequencePosition)"/>.
/// </summary>
internal sealed class CountedPipeReader(PipeReader inner, FrontDoorBytes bytes) : PipeReader
{
    private ReadOnlySequence<byte> _last;

    public override bool TryRead(out ReadResult result)
    {
        if (!inner.TryRead(out result))
        {
            return false;
        }

        _last = result.Buffer;
        return true;
    }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var read = inner.ReadAsync(cancellationToken);
        if (read.IsCompletedSuccessfully)
        {
            var result = read.Result;
            _last = result.Buffer;
            return new ValueTask<ReadResult>(result);
        }

        return AwaitAsync(read);
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        bytes.AddReceived(_last.Slice(_last.Start, consumed).Length);
        _last = default;
        inner.AdvanceTo(consumed, examined);
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    // Pooled: a read that waits for the network would otherwise allocate its state machine.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadResult> AwaitAsync(ValueTask<ReadResult> read)
    {
        var result = await read;
        _last = result.Buffer;
        return result;
    }
}
