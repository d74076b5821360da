using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;

namespace ClusterLocator.Locator.Dns;

/// <summary>
/// DNS over TCP on a listening socket the locator has bound, handed to ARSoft.Tools.Net's
/// <see cref="DnsServer"/>. At most <see cref="LocatorOptions.MaxConnections"/> connections at once:
/// one past it is closed before a byte is read, as Kestrel closes one past its cap.
/// </summary>
internal sealed class DnsTcpTransport(Socket listener, int maxConnections, TimeSpan idleTimeout) : IServerTransport
{
    private int _open;

    /// <summary>The connections open now.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>Connections closed at once because <see cref="Open"/> was at the cap.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    private long _refused;

    public ushort DefaultAllowedResponseSize => ushort.MaxValue;

    public bool SupportsMultipleResponses => false;

    public bool AllowTruncatedResponses => false;

    public TransportProtocol TransportProtocol => TransportProtocol.Tcp;

    public void Bind()
    {
        // Bound by DnsListener before the server starts.
    }

    public void Close() => listener.Close();

    public async Task<IServerConnection?> AcceptConnectionAsync(CancellationToken token)
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(token);
            }
            catch (SocketException) when (!token.IsCancellationRequested)
            {
                // A connection reset before it was accepted: the next one.
                continue;
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // Stopping. Nothing may be thrown here: the server's accept loop would take the process down.
                return null;
            }

            if (Interlocked.Increment(ref _open) > maxConnections)
            {
                Interlocked.Decrement(ref _open);
                Interlocked.Increment(ref _refused);
                socket.Dispose();
                continue;
            }

            socket.NoDelay = true;
            return new DnsTcpConnection(this, socket, idleTimeout);
        }
    }

    /// <summary>Called once by each connection as it closes.</summary>
    public void Closed() => Interlocked.Decrement(ref _open);

    public void Dispose()
    {
        // The socket belongs to DnsListener, which closes it once.
    }
}
