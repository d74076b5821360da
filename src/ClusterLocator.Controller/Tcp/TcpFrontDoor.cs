using System.Collections.Concurrent;
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
    private static readonly TimeSpan MemberConnectTimeout = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<TcpSession, byte> _open = new();
    private readonly Socket _listener = new(listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
    private volatile bool _stopping;
    private long _splicedDirections;

    /// <summary>The address bound, with the real port when 0 was asked.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>What the sessions moved, counted as they go (telemetry).</summary>
    internal FrontDoorBytes Bytes { get; } = new();

    /// <summary>The sessions being proxied now.</summary>
    public ICollection<TcpSession> OpenSessions => _open.Keys;

    /// <summary>
    /// Whether sessions that carry bulk move on to splice(2): on by default where Linux offers it;
    /// tests turn it off to run the portable copy that other systems use.
    /// </summary>
    internal bool Splice { get; init; } = LinuxSplice.IsSupported;

    /// <summary>How many session directions have moved on to splice since start, counted as sessions end.</summary>
    internal long SplicedDirections => Interlocked.Read(ref _splicedDirections);

    /// <summary>
    /// How often the idle sweep runs: a quarter of the idle timeout, so a silent session lives at most
    /// a quarter longer than the timeout, between 100 ms and 30 s.
    /// </summary>
    internal static TimeSpan SweepPeriod(TimeSpan idleTimeout) =>
        TimeSpan.FromTicks(Math.Clamp(idleTimeout.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(30).Ticks));

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _listener.Bind(listen);
        _listener.Listen(512);
        LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        Log.Listening(logger, LocalEndPoint.ToString());
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        idleTimeout > TimeSpan.Zero
            ? Task.WhenAll(AcceptLoopAsync(stoppingToken), SweepIdleAsync(stoppingToken))
            : AcceptLoopAsync(stoppingToken);

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

    /// <summary>Closes sessions silent both ways for the idle timeout: one pass over the open sessions per period, no timer per session.</summary>
    private async Task SweepIdleAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SweepPeriod(idleTimeout), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var session in _open.Keys)
                {
                    if (session.IdleFor >= idleTimeout)
                    {
                        Log.IdleSessionClosed(logger, session.ClientEndPoint?.ToString() ?? "?", idleTimeout.TotalSeconds);
                        session.Cut();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        _listener.Close();
        await base.StopAsync(cancellationToken);

        // Draining is over (or timed out): whatever is still open is cut.
        CutOpenSessions();
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

        Member? member = null;
        Socket? upstream = null;
        TcpSession? session = null;
        try
        {
            client.NoDelay = true;
            TcpKeepAlive.Apply(client);
            (member, upstream) = await ConnectAsync();
            if (upstream is null)
            {
                // No member took it: a reset before any byte sends the client elsewhere at once.
                client.LingerState = new LingerOption(true, 0);
                return;
            }

            member!.SessionStarted();
            if (Splice)
            {
                // splice(2) needs non-blocking descriptors; the runtime makes a socket non-blocking
                // only at its first asynchronous call, which may come after the first splice.
                client.Blocking = false;
                upstream.Blocking = false;
            }

            session = new TcpSession(client, upstream, time, Splice, Bytes);
            _open.TryAdd(session, 0);
            if (_stopping)
            {
                // Stopped while connecting: the cut of open sessions may have missed this one.
                return;
            }

            await session.RunAsync();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // One side failed or the session was cut, so it is over for both.
        }
        finally
        {
            member?.SessionEnded();
            if (session is not null)
            {
                _open.TryRemove(session, out _);
                Interlocked.Add(ref _splicedDirections, session.SplicedDirections);
            }

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

    private async Task<(Member?, Socket?)> ConnectAsync()
    {
        foreach (var member in members.Candidates())
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                TcpKeepAlive.Apply(socket);
                using var timeout = new CancellationTokenSource(MemberConnectTimeout, time);
                await socket.ConnectAsync(member.Host, member.Port, timeout.Token);
                return (member, socket);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                socket.Dispose();
                Log.MemberConnectFailed(logger, member.Address, ex.Message);
            }
        }

        Log.NoMember(logger);
        return (null, null);
    }

    /// <summary>Disposed without a stop, as when its host is torn down like a killed process: nothing drains, every session is cut.</summary>
    public override void Dispose()
    {
        _stopping = true;
        _listener.Dispose();
        CutOpenSessions();
        base.Dispose();
    }

    private void CutOpenSessions()
    {
        foreach (var session in _open.Keys)
        {
            session.Cut();
        }
    }
}
