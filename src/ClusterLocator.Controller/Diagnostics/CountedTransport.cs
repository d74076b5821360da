using System.IO.Pipelines;

namespace ClusterLocator.Controller.Diagnostics;

/// <summary>A connection's pipes, with what is read from and written to them counted into <see cref="FrontDoorBytes"/>.</summary>
internal sealed class CountedTransport(IDuplexPipe inner, FrontDoorBytes bytes) : IDuplexPipe
{
    public PipeReader Input { get; } = new CountedPipeReader(inner.Input, bytes);

    public PipeWriter Output { get; } = new CountedPipeWriter(inner.Output, bytes);
}
