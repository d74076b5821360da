using System.Net;
using System.Net.Sockets;
using ClusterLocator.Protocol.Validation;

namespace ClusterLocator.Client;

/// <summary>
/// Connects with a socket, then watches briefly for the controller resetting or closing the
/// connection at once: a full or draining controller accepts and resets, since a TCP listener
/// cannot refuse one connection and take the next.
/// </summary>
internal sealed class SocketDialer(TimeSpan connectTimeout, TimeSpan refusalWindow, TimeProvider time) : IClusterDialer
{
    private const string Refused = "the controller reset the connection at once (full or draining)";

    public async ValueTask<Stream> DialAsync(string address, CancellationToken cancellationToken)
    {
        if (!EndpointAddress.TryParseTcp(address, out var host, out var port))
        {
            throw new ClusterDialException($"the locator gave '{address}', which is not HOST:PORT");
        }

        EndPoint endPoint = IPAddress.TryParse(host, out var ip) ? new IPEndPoint(ip, port) : new DnsEndPoint(host, port);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await ConnectAsync(socket, endPoint, cancellationToken).ConfigureAwait(false);
            if (refusalWindow > TimeSpan.Zero)
            {
                await WatchForRefusalAsync(socket, cancellationToken).ConfigureAwait(false);
            }

            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task ConnectAsync(Socket socket, EndPoint endPoint, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(connectTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await socket.ConnectAsync(endPoint, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ClusterDialException($"no connection within {connectTimeout.TotalSeconds:0.###}s");
        }
        catch (SocketException ex)
        {
            throw new ClusterDialException(ex.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused: no controller listens there",

                // A refusing controller's reset can beat the connect's own completion.
                SocketError.ConnectionReset => Refused,
                SocketError.HostNotFound or SocketError.NoData => $"the host of '{endPoint}' is not known",
                _ => ex.Message,
            }, ex);
        }
    }

    private async Task WatchForRefusalAsync(Socket socket, CancellationToken cancellationToken)
    {
        using var window = new CancellationTokenSource(refusalWindow, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, window.Token);
        try
        {
            // A peek leaves whatever a controller that speaks first sent for the caller to read.
            var received = await socket.ReceiveAsync(new byte[1], SocketFlags.Peek, linked.Token).ConfigureAwait(false);
            if (received == 0)
            {
                throw new ClusterDialException("the controller closed the connection at once (full or draining)");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Still open when the window ended: the controller took the session.
        }
        catch (SocketException ex)
        {
            throw new ClusterDialException(ex.SocketErrorCode == SocketError.ConnectionReset ? Refused : ex.Message, ex);
        }
    }
}
