using System.Collections.Concurrent;
using System.Net.Sockets;
using ClusterLocator.Controller.Members;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Controller.Tcp;

/// <summary>
/// The sessions a front door is relaying now: each runs to its end here, counted on its member; the
/// idle sweep closes those silent both ways for the idle timeout; and when the front door stops, or
/// is disposed like a killed process, every one still open is cut. One per front door.
/// </summary>
internal sealed partial class LiveSessions(TimeSpan idleTimeout, TimeProvider time, ILogger logger)
{
    private readonly ConcurrentDictionary<TcpSession, byte> _open = new();
    private volatile bool _closed;
    private long _splicedDirections;

    /// <summary>The sessions being relayed now.</summary>
    public ICollection<TcpSession> Open => _open.Keys;

    /// <summary>How many session directions have moved on to splice, counted as sessions end.</summary>
    public long SplicedDirections => Interlocked.Read(ref _splicedDirections);

    /// <summary>
    /// How often the idle sweep runs: a quarter of the idle timeout, so a silent session lives at most
    /// a quarter longer than the timeout, between 100 ms and 30 s.
    /// </summary>
    public static TimeSpan SweepPeriod(TimeSpan idleTimeout) =>
        TimeSpan.FromTicks(Math.Clamp(idleTimeout.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(30).Ticks));

    /// <summary>
    /// Relays an admitted session until both sides end, one fails or it is cut; counts it on
    /// <paramref name="member"/> meanwhile. The caller releases both sides and the admission after.
    /// </summary>
    public async Task RunAsync(TcpSession session, Member member)
    {
        member.SessionStarted();
        _open.TryAdd(session, 0);
        try
        {
            if (_closed)
            {
                // Stopped while connecting: the cut of open sessions may have missed this one.
                session.Cut();
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
            member.SessionEnded();
            _open.TryRemove(session, out _);
            Interlocked.Add(ref _splicedDirections, session.SplicedDirections);
        }
    }

    /// <summary>Closes sessions silent both ways for the idle timeout: one pass over the open sessions per period, no timer per session.</summary>
    public async Task SweepIdleAsync(CancellationToken stoppingToken)
    {
        if (idleTimeout <= TimeSpan.Zero)
        {
            return;
        }

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

    /// <summary>Cuts every open session, and any that starts from now on.</summary>
    public void CutAll()
    {
        _closed = true;
        foreach (var session in _open.Keys)
        {
            session.Cut();
        }
    }
}
