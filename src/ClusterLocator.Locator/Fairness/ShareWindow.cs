using System.Collections.Concurrent;

namespace ClusterLocator.Locator.Fairness;

/// <summary>
/// One report interval's tally of counted placements, by client and service. Dropped whole when the
/// next interval starts, so nothing in it outlives its interval.
/// </summary>
internal sealed class ShareWindow(long index)
{
    private readonly ConcurrentDictionary<(ClientKey Client, string Service), Tally> _tallies = new();
    private int _tracked;

    /// <summary>The interval it counts: the clock's timestamp divided by the interval's length.</summary>
    public long Index { get; } = index;

    /// <summary>
    /// Adds one placement of <paramref name="client"/> on <paramref name="service"/> and returns the
    /// client's count in this interval. Past <paramref name="maxTracked"/> clients, a new one counts in
    /// the service's overflow tally, which every such client shares.
    /// </summary>
    public long Add(ClientKey client, string service, int maxTracked)
    {
        if (!_tallies.TryGetValue((client, service), out var tally))
        {
            // Counted before the add, and without ConcurrentDictionary.Count (which takes every lock):
            // two threads adding the same new key count it twice, which only errs on the bounded side.
            var key = Interlocked.Increment(ref _tracked) <= maxTracked ? (client, service) : (ClientKey.Overflow, service);
            tally = _tallies.GetOrAdd(key, static _ => new Tally());
        }

        return Interlocked.Increment(ref tally.Value);
    }

    /// <summary>A count the hot path increments in place, so a known client's placement allocates nothing.</summary>
    private sealed class Tally
    {
        public long Value;
    }
}
