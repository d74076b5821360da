using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;

namespace ClusterLocator.Locator.Dns;

/// <summary>
/// One DNS-over-TCP connection (RFC 7766): queries framed by a two-byte length, answered in turn,
/// closed when the client sends nothing for <see cref="LocatorOptions.KeepAliveTimeout"/>, a query
/// included (a client that trickles its bytes holds no connection longer).
/// </summary>
internal sealed class DnsTcpConnection(DnsTcpTransport transport, Socket socket, TimeSpan idleTimeout) : IServerConnection
{
    private readonly IPEndPoint _remote = (IPEndPoint)socket.RemoteEndPoint!;
    private readonly IPEndPoint _local = (IPEndPoint)socket.LocalEndPoint!;
    private int _disposed;

    public IServerTransport Transport => transport;

    public IPEndPoint RemoteEndPoint => _remote;

    public IPEndPoint LocalEndPoint => _local;

    public bool CanRead { get; private set; } = true;

    public Task<bool> InitializeAsync(CancellationToken token) => Task.FromResult(true);

    public async Task<DnsReceivedRawPackage?> ReceiveAsync(CancellationToken token)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(token);
        idle.CancelAfter(idleTimeout);
        try
        {
            var prefix = new byte[2];
            if (await ReadAsync(prefix, idle.Token))
            {
                // The package holds the message after its two-byte length, as read.
                var length = BinaryPrimitives.ReadUInt16BigEndian(prefix);
                var query = new byte[2 + length];
                prefix.CopyTo(query, 0);
                if (length > 0 && await ReadAsync(query.AsMemory(2), idle.Token))
                {
                    return new DnsReceivedRawPackage(query, _remote, _local);
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Idle too long, reset, or closed as the locator stops: the connection ends. Nothing may be
            // thrown here: the server's connection loop would take the process down.
        }

        // Closed here rather than left to the server, which does not dispose a connection that ends this way.
        CanRead = false;
        Dispose();
        return null;
    }

    public async Task<bool> SendAsync(DnsRawPackage package, CancellationToken token)
    {
        try
        {
            await socket.SendAsync(package.ToArraySegment(true), SocketFlags.None, token);
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            CanRead = false;
            return false;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            socket.Dispose();
            transport.Closed();
        }
    }

    /// <summary>Fills <paramref name="buffer"/>; false when the client closed first.</summary>
    private async Task<bool> ReadAsync(Memory<byte> buffer, CancellationToken token)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer[read..], SocketFlags.None, token);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}
