namespace ClusterLocator.Locator.Dashboard;

/// <summary>
/// The last <see cref="Capacity"/> dashboard events, numbered in order; older ones are dropped. A
/// fleet that registers 10 000 clusters at once keeps the last few hundred, not all. Thread-safe.
/// </summary>
internal sealed class EventRing
{
    /// <summary>How many events are kept.</summary>
    public const int Capacity = 200;

    private readonly DashboardEvent[] _events = new DashboardEvent[Capacity];
    private readonly Lock _gate = new();
    private long _last;

    /// <summary>The number of the latest event; 0 before the first.</summary>
    public long Last
    {
        get
        {
            lock (_gate)
            {
                return _last;
            }
        }
    }

    /// <summary>Adds an event, numbered after the latest.</summary>
    public DashboardEvent Add(long unixMs, string kind, string? service, string? clusterId, string detail)
    {
        lock (_gate)
        {
            var added = new DashboardEvent(++_last, unixMs, kind, service, clusterId, detail);
            _events[(int)(_last % Capacity)] = added;
            return added;
        }
    }

    /// <summary>The events kept that are numbered after <paramref name="seq"/>, oldest first, at most <paramref name="limit"/> (the newest).</summary>
    public IReadOnlyList<DashboardEvent> After(long seq, int limit = Capacity)
    {
        lock (_gate)
        {
            var from = Math.Max(Math.Max(seq + 1, _last - Capacity + 1), _last - limit + 1);
            var result = new List<DashboardEvent>((int)Math.Max(0, _last - from + 1));
            for (var n = Math.Max(from, 1); n <= _last; n++)
            {
                result.Add(_events[(int)(n % Capacity)]);
            }

            return result;
        }
    }
}
