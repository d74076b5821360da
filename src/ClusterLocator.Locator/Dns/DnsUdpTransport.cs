using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;

namespace ClusterLocator.Locator.Dns;

/// <summary>
/// DNS over UDP on a socket the locator has bound (so that port 0 works and the bound port is known),
/// handed to ARSoft.Tools.Net's <see cref="DnsServer"/>, which parses, answers through
/// <see cref="DnsResponder"/>, truncates to the client's UDP payload size (TC) and encodes. Several
/// transports may share one socket: the server receives on each at once.
/// </summary>
internal sealed class DnsUdpTransport(Socket socket) : IServerTransport
{
    /// <summary>The largest query read; a longer datagram is cut, and then fails to parse.</summary>
    private const int MaxQueryBytes = 4096;

    private readonly IPEndPoint _local = (IPEndPoint)socket.LocalEndPoint!;

    /// <summary>What a client without EDNS may be sent (RFC 1035); more is truncated.</summary>
    public ushort DefaultAllowedResponseSize => 512;

    public bool SupportsMultipleResponses => false;

    public bool AllowTruncatedResponses => true;

    public TransportProtocol TransportProtocol => TransportProtocol.Udp;

    public void Bind()
    {
        // Bound by DnsListener before the server starts.
    }

    public void Close() => socket.Close();

    public async Task<IServerConnection?> AcceptConnectionAsync(CancellationToken token)
    {
        var any = _local.AddressFamily == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        // Rented per receive: the server may receive on one transport more than once at a time.
        var buffer = ArrayPool<byte>.Shared.Rent(MaxQueryBytes);
        try
        {
            while (true)
            {
                SocketReceiveFromResult received;
                try
                {
                    received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, token);
                }
                catch (SocketException) when (!token.IsCancellationRequested)
                {
                    // An ICMP error of an earlier answer, or a datagram larger than the buffer: the next one.
                    continue;
                }

                // The package holds the message after its two-byte length, as DNS over TCP frames it.
                var query = new byte[received.ReceivedBytes + 2];
                BinaryPrimitives.WriteUInt16BigEndian(query, (ushort)received.ReceivedBytes);
                buffer.AsSpan(0, received.ReceivedBytes).CopyTo(query.AsSpan(2));
                return new DnsUdpConnection(this, socket, new DnsReceivedRawPackage(query, (IPEndPoint)received.RemoteEndPoint, _local));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose()
    {
        // The socket belongs to DnsListener, which closes it once.
    }
}
