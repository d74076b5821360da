using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Dns;

/// <summary>
/// The locator's DNS interface (<see cref="LocatorOptions.Dns"/>): UDP and TCP on one port, every
/// query answered by <see cref="DnsResponder"/>. UDP, where the load is, runs its own receive loops
/// (<see cref="DnsUdpServer"/>); TCP, for the answers truncated over UDP and the clients that prefer
/// it, runs ARSoft.Tools.Net's <see cref="DnsServer"/> over a socket bound here. Off unless the
/// option is set.
/// </summary>
internal sealed partial class DnsListener(LocatorOptions options, DnsResponder responder, ILogger<DnsListener> logger) : IHostedService, IDisposable
{
    /// <summary>How many times a free port is sought that both UDP and TCP can bind, when given port 0.</summary>
    private const int BindAttempts = 16;

    private Socket? _udp;
    private Socket? _tcp;
    private DnsServer? _server;
    private CancellationTokenSource? _stopping;
    private Task _udpLoops = Task.CompletedTask;

    /// <summary>The address UDP queries are answered on, once started; null while off.</summary>
    public IPEndPoint? UdpEndPoint { get; private set; }

    /// <summary>The address TCP queries are answered on, once started; null while off.</summary>
    public IPEndPoint? TcpEndPoint { get; private set; }

    /// <summary>The UDP side, for its count of dropped datagrams; null while off.</summary>
    internal DnsUdpServer? Udp { get; private set; }

    /// <summary>The TCP side, for its connection counts; null while off.</summary>
    internal DnsTcpTransport? Tcp { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Dns is null || !DnsAddress.TryParse(options.Dns, out var address))
        {
            return Task.CompletedTask;
        }

        try
        {
            (_udp, _tcp) = Bind(address);
        }
        catch (SocketException e)
        {
            // As Kestrel reports an address it cannot bind.
            throw new IOException($"Failed to bind the DNS address {address} (--dns, LocatorOptions.Dns): {e.Message}.", e);
        }

        UdpEndPoint = (IPEndPoint)_udp.LocalEndPoint!;
        TcpEndPoint = (IPEndPoint)_tcp.LocalEndPoint!;
        Tcp = new DnsTcpTransport(_tcp, options.MaxConnections, options.KeepAliveTimeout);

        // One blocking receive loop per core over the one socket: every core answers, and no more
        // threads than cores contend for the socket's queue (docs/performance.md, dns).
        Udp = new DnsUdpServer(_udp, responder, logger);
        _stopping = new CancellationTokenSource();
        _udpLoops = Udp.RunAsync(Environment.ProcessorCount, _stopping.Token);

        _server = new DnsServer(Tcp);
        _server.QueryReceived += OnQueryReceived;
        _server.ExceptionThrown += OnExceptionThrown;
        _server.Start();
        Log.Listening(logger, UdpEndPoint, options.DnsDomain);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _server?.Stop();
        if (_stopping is not null)
        {
            await _stopping.CancelAsync();
        }

        _udp?.Dispose();
        await _udpLoops.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Dispose();
    }

    public void Dispose()
    {
        _udp?.Dispose();
        _tcp?.Dispose();
        _stopping?.Dispose();
    }

    private Task OnQueryReceived(object sender, QueryReceivedEventArgs e)
    {
        if (e.Query is DnsMessage query)
        {
            e.Response = responder.Answer(query, e.RemoteEndpoint);
        }

        return Task.CompletedTask;
    }

    private Task OnExceptionThrown(object sender, ExceptionEventArgs e)
    {
        Log.QueryFailed(logger, e.Exception);
        return Task.CompletedTask;
    }

    /// <summary>UDP and TCP on the same port: for port 0, the one the UDP socket was given, if TCP can have it too.</summary>
    private static (Socket Udp, Socket Tcp) Bind(IPEndPoint address)
    {
        for (var attempt = 1; ; attempt++)
        {
            var udp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            var tcp = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                udp.Bind(address);
                tcp.Bind(new IPEndPoint(address.Address, ((IPEndPoint)udp.LocalEndPoint!).Port));
                tcp.Listen(512);
                return (udp, tcp);
            }
            catch (SocketException e) when (address.Port == 0 && attempt < BindAttempts && e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                udp.Dispose();
                tcp.Dispose();
            }
            catch
            {
                udp.Dispose();
                tcp.Dispose();
                throw;
            }
        }
    }
}
