using System.Net;
using System.Net.Sockets;
using ClusterLocator.Controller.Diagnostics;
using ClusterLocator.Controller.Members;
using ClusterLocator.Protocol.Supervision;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Controller.Tcp;

/// <summary>
/// The layer-4 front door: each accepted connection is one session, proxied to the healthy member
/// with the fewest sessions. A session the cluster will not take (full, draining, the client past its
/// share, no member reachable) is reset before any byte, so the client goes back to the locator.
/// Both legs use TCP keep-alive, and a session silent both ways for the idle timeout is closed.
/// </summary>
internal sealed partial class TcpFrontDoor(
    IPEndPoint listen,
    SessionGate gate,
    MemberSet members,
    TimeSpan idleTimeout,
    TimeProvider time,
    ILogger<TcpFrontDoor> logger) : BackgroundService
{
    private readonly LiveSessions _sessions = new(idleTimeout, time, logger);
    private readonly MemberDialer _dialer = new(members, time, logger);
    private readonly Socket _listener = new(listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
    private volatile bool _stopping;

    /// <summary>The address bound, with the real port when 0 was asked.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>What the sessions moved, counted as they go (telemetry).</summary>
    internal FrontDoorBytes Bytes { get; } = new();

    /// <summary>The sessions being proxied now.</summary>
    public ICollection<TcpSession> OpenSessions => _sessions.Open;

    /// <summary>
    /// Whether sessions that carry bulk move on to splice(2): on by default where Linux offers it;
    /// tests turn it off to run the portable copy that other systems use.
    /// </summary>
    internal bool Splice { get; init; } = LinuxSplice.IsSupported;

    /// <summary>How many session directions have moved on to splice since start, counted as sessions end.</summary>
    internal long SplicedDirections => _sessions.SplicedDirections;

    /// <inheritdoc cref="LiveSessions.SweepPeriod(TimeSpan)"/>
    internal static TimeSpan SweepPeriod(TimeSpan idleTimeout) => LiveSessions.SweepPeriod(idleTimeout);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _listener.Bind(listen);
        _listener.Listen(512);
        LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        Log.Listening(logger, LocalEndPoint.ToString());
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(AcceptLoopAsync(stoppingToken), _sessions.SweepIdleAsync(stoppingToken));

    private async Task AcceptLoopAsync(CancellationToken stoppingToken)
    {
        var backoff = new AcceptBackoff();
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(stoppingToken);
            }
            catch (Exception ex) when (_stopping || stoppingToken.IsCancellationRequested)
            {
                // StopAsync or Dispose closed the listener.
                _ = ex;
                return;
            }
            catch (SocketException ex) when (AcceptBackoff.IsResourceShortage(ex.SocketErrorCode))
            {
                if (backoff.Failures == 0)
                {
                    Log.AcceptStarved(logger, ex.Message, AcceptBackoff.Longest.TotalMilliseconds);
                }

                if (!await backoff.DelayAsync(time, stoppingToken))
                {
                    return;
                }

                continue;
            }
            catch (SocketException ex)
            {
                Log.AcceptFailed(logger, ex.Message);
                continue;
            }

            if (backoff.Failures > 0)
            {
                Log.AcceptRecovered(logger, backoff.Succeed());
            }

            _ = HandleAsync(client);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        _listener.Close();
        await base.StopAsync(cancellationToken);

        // Draining is over (or timed out): whatever is still open is cut.
        _sessions.CutAll();
    }

    private async Task HandleAsync(Socket client)
    {
        var address = (client.RemoteEndPoint as IPEndPoint)?.Address;
        var admission = gate.TryEnter(address);
        if (admission != Admission.Admitted)
        {
            if (admission == Admission.ClientLimit)
            {
                Log.ClientLimit(logger, address?.ToString() ?? "?");
            }

            Reset(client);
            return;
        }

        Socket? upstream = null;
        try
        {
            client.NoDelay = true;
            TcpKeepAlive.Apply(client);
            (var member, upstream) = await _dialer.ConnectAsync();
            if (upstream is null)
            {
                // No member took it: a reset before any byte sends the client elsewhere at once.
                client.LingerState = new LingerOption(true, 0);
                return;
            }

            var session = new TcpSession(new SocketEnd(client), new SocketEnd(upstream), client.RemoteEndPoint, time, Splice, Bytes);
            await _sessions.RunAsync(session, member!);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The client reset before its session started.
        }
        finally
        {
            upstream?.Dispose();
            client.Dispose();
            gate.Exit(address);
        }
    }

    private static void Reset(Socket client)
    {
        try
        {
            client.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
            // Already reset by the client: closing it is all there is to do.
        }

        client.Dispose();
    }

    /// <summary>Disposed without a stop, as when its host is torn down like a killed process: nothing drains, every session is cut.</summary>
    public override void Dispose()
    {
        _stopping = true;
        _listener.Dispose();
        _sessions.CutAll();
        base.Dispose();
    }
}
