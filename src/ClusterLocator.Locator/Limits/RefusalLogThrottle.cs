using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Limits;

/// <summary>
/// Keeps a flood of refused writes from flooding the log: of each source's refusals, the first of
/// every <see cref="Interval"/> is logged by the caller and the rest only counted; when the interval
/// ends, one line per source tells how many were left out. Holds at most
/// <see cref="MaxSources"/> sources; past that, new sources share one count, so a flood from many
/// addresses costs bounded memory too.
/// </summary>
/// <remarks>
/// Written here rather than taken from System.Threading.RateLimiting: a partitioned rate limiter
/// can say whether to log, but not how many were left out, which is what the line must tell.
/// </remarks>
internal sealed partial class RefusalLogThrottle : IDisposable
{
    public const int MaxSources = 1024;

    /// <summary>The source the refusals of sources past <see cref="MaxSources"/> are counted under.</summary>
    public const string OtherSources = "other sources";

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ITimer _flush;

    public RefusalLogThrottle(TimeProvider time, ILogger logger)
    {
        _time = time;
        _logger = logger;
        _flush = time.CreateTimer(_ => LogSuppressed(), null, Interval, Interval);
    }

    /// <summary>
    /// Whether to log this refusal from <paramref name="source"/>: yes for the first of an interval;
    /// otherwise it is counted, and <paramref name="reason"/> kept as the last one seen.
    /// </summary>
    public bool ShouldLog(string source, string reason)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (!_windows.TryGetValue(source, out var window) && _windows.Count >= MaxSources)
            {
                source = OtherSources;
                if (!_windows.TryGetValue(source, out window))
                {
                    // The oldest source makes room for the shared count, and hands its own to it.
                    var oldest = _windows.MinBy(w => w.Value.Start);
                    _windows.Remove(oldest.Key);
                    window = new Window(now) { Suppressed = oldest.Value.Suppressed, LastReason = oldest.Value.LastReason };
                    _windows[source] = window;
                    return true;
                }
            }

            if (window is not null && _time.GetElapsedTime(window.Start, now) < Interval)
            {
                window.Suppressed++;
                window.LastReason = reason;
                return false;
            }

            // A count not taken yet stays, and is told with the next interval's.
            if (window is null)
            {
                _windows[source] = new Window(now);
            }
            else
            {
                window.Start = now;
            }

            return true;
        }
    }

    public void Dispose() => _flush.Dispose();

    /// <summary>Logs, for each source whose interval has ended, how many refusals were left out; forgets every ended interval.</summary>
    internal void LogSuppressed()
    {
        foreach (var (source, count, lastReason) in TakeEnded())
        {
            Log.RefusalsSuppressed(_logger, count, source, lastReason);
        }
    }

    private List<(string Source, int Count, string LastReason)> TakeEnded()
    {
        var now = _time.GetTimestamp();
        var ended = new List<(string, int, string)>();
        lock (_gate)
        {
            foreach (var (source, window) in _windows)
            {
                if (_time.GetElapsedTime(window.Start, now) < Interval)
                {
                    continue;
                }

                if (window.Suppressed > 0)
                {
                    ended.Add((source, window.Suppressed, window.LastReason!));
                }

                _windows.Remove(source);
            }
        }

        return ended;
    }

    private sealed class Window(long start)
    {
        public long Start { get; set; } = start;

        public int Suppressed { get; set; }

        public string? LastReason { get; set; }
    }
}
