using Microsoft.AspNetCore.Connections;

namespace ClusterLocator.Controller.Diagnostics;

/// <summary>
/// The bytes one front door moved since start, as they cross its client-facing sockets (TLS
/// included): received from clients and sent to them. Counted as they move, so a long session shows
/// as it goes, and read by <see cref="ControllerMetrics"/>.
/// </summary>
internal sealed class FrontDoorBytes
{
    private long _received;
    private long _sent;

    public long Received => Interlocked.Read(ref _received);

    public long Sent => Interlocked.Read(ref _sent);

    public void AddReceived(long bytes) => Interlocked.Add(ref _received, bytes);

    public void AddSent(long bytes) => Interlocked.Add(ref _sent, bytes);

    /// <summary>
    /// Kestrel connection middleware: counts what crosses the connection below every later
    /// middleware (TLS comes after, so its bytes count as the network sees them).
    /// </summary>
    public ConnectionDelegate Count(ConnectionDelegate next) => async connection =>
    {
        var transport = connection.Transport;
        connection.Transport = new CountedTransport(transport, this);
        try
        {
            await next(connection);
        }
        finally
        {
            connection.Transport = transport;
        }
    };
}
