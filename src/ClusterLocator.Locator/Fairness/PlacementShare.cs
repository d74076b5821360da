using ClusterLocator.Locator.Registry;

namespace ClusterLocator.Locator.Fairness;

/// <summary>
/// How many of one client's placements count toward clusters' load: per report interval, at most
/// <see cref="LocatorOptions.ClientPlacementShare"/> of the service's total capacity. Past that, the
/// client is still answered with the same best cluster, but its placements no longer lower the
/// cluster's health until the next report, so one client's flood of locates cannot make a service
/// look full to everyone else. The reports then say what load the client really brought.
/// </summary>
internal sealed class PlacementShare
{
    /// <summary>
    /// The most clients tracked in one interval. Past it, the newcomers share one tally per service:
    /// a client rotating source addresses then adds at most one more share to a service's load, and
    /// the memory stays bounded, while the placements of legitimate newcomers still count up to that
    /// shared share, rather than not at all.
    /// </summary>
    public const int MaxTrackedClients = 10_000;

    private readonly TimeProvider _time;
    private readonly double _share;
    private readonly long _windowTicks;
    private ShareWindow _window;

    public PlacementShare(LocatorOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _share = options.ClientPlacementShare;
        _windowTicks = Math.Max(1, (long)(options.ReportInterval.TotalSeconds * time.TimestampFrequency));
        _window = new ShareWindow(time.GetTimestamp() / _windowTicks);
    }

    /// <summary>
    /// Whether this placement of <paramref name="client"/> on <paramref name="service"/>, whose clusters
    /// are <paramref name="clusters"/>, counts toward the chosen cluster's load.
    /// </summary>
    public bool TryCount(ClientKey client, string service, ClusterEntry[] clusters)
    {
        // A share of 1 leaves every placement counted, so nothing is tallied.
        return _share >= 1 || Current().Add(client, service, MaxTrackedClients) <= AllowanceOf(clusters);
    }

    /// <summary>
    /// The placements one client may count in an interval: its share of the capacity, rounded down
    /// (the epsilon keeps 7 % of 100 at 7 despite binary fractions), and at least one.
    /// </summary>
    internal long AllowanceOf(ClusterEntry[] clusters)
    {
        long capacity = 0;
        foreach (var cluster in clusters)
        {
            capacity += cluster.Capacity;
        }

        return Math.Max(1, (long)((capacity * _share) + 1e-9));
    }

    /// <summary>The window of the current interval; the first caller of a new interval replaces the old one whole.</summary>
    private ShareWindow Current()
    {
        var index = _time.GetTimestamp() / _windowTicks;
        var window = Volatile.Read(ref _window);
        if (window.Index == index)
        {
            return window;
        }

        var fresh = new ShareWindow(index);
        var seen = Interlocked.CompareExchange(ref _window, fresh, window);
        return seen == window ? fresh : seen;
    }
}
