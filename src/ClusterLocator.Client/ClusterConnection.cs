using System.Net.Sockets;
using ClusterLocator.Protocol;

namespace ClusterLocator.Client;

/// <summary>A TCP session opened with the controller of the cluster the locator chose.</summary>
public sealed class ClusterConnection : IAsyncDisposable, IDisposable
{
    internal ClusterConnection(Stream stream, LocateResponse placement, IReadOnlyList<ConnectFailure> failedAttempts)
    {
        Stream = stream;
        Placement = placement;
        FailedAttempts = failedAttempts;
    }

    /// <summary>The session: read and write it, dispose it to close.</summary>
    public Stream Stream { get; }

    /// <summary>The placement the session was opened on.</summary>
    public LocateResponse Placement { get; }

    /// <summary>Clusters tried first that refused or could not be reached, in order; empty when the first worked.</summary>
    public IReadOnlyList<ConnectFailure> FailedAttempts { get; }

    /// <summary>The socket under <see cref="Stream"/>, for options such as keep-alive; null for non-socket streams.</summary>
    public Socket? Socket => (Stream as NetworkStream)?.Socket;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Stream.DisposeAsync();

    /// <inheritdoc />
    public void Dispose() => Stream.Dispose();
}
