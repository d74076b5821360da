using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;

namespace ClusterLocator.Locator.Dns;

/// <summary>One UDP query and its answer, as ARSoft.Tools.Net's server sees a connection.</summary>
internal sealed class DnsUdpConnection(DnsUdpTransport transport, Socket socket, DnsReceivedRawPackage query) : IServerConnection
{
    private bool _read;

    public IServerTransport Transport => transport;

    public IPEndPoint RemoteEndPoint => query.RemoteEndpoint;

    public IPEndPoint LocalEndPoint => query.LocalEndpoint;

    public bool CanRead => !_read;

    public Task<bool> InitializeAsync(CancellationToken token) => Task.FromResult(true);

    public Task<DnsReceivedRawPackage?> ReceiveAsync(CancellationToken token)
    {
        _read = true;
        return Task.FromResult<DnsReceivedRawPackage?>(query);
    }

    public async Task<bool> SendAsync(DnsRawPackage package, CancellationToken token)
    {
        try
        {
            await socket.SendToAsync(package.ToArraySegment(false), SocketFlags.None, query.RemoteEndpoint, token);
            return true;
        }
        catch (SocketException)
        {
            // The client is gone or unreachable: UDP promises nothing more.
            return false;
        }
    }

    public void Dispose()
    {
    }
}
