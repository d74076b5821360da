using System.Collections.Concurrent;
using ClusterLocator.Protocol;

namespace ClusterLocator.Client;

/// <summary>Placements by request, each kept for its <c>ttlMs</c>.</summary>
internal sealed class PlacementCache(TimeProvider time)
{
    /// <summary>Enough for every service, zone and key combination a client uses; past it the cache starts over.</summary>
    private const int MaxEntries = 1024;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public bool TryGet(string request, out LocateResponse placement)
    {
        if (_entries.TryGetValue(request, out var entry))
        {
            if (time.GetTimestamp() < entry.ExpiresAt)
            {
                placement = entry.Placement;
                return true;
            }

            _entries.TryRemove(new KeyValuePair<string, Entry>(request, entry));
        }

        placement = null!;
        return false;
    }

    public void Add(string request, LocateResponse placement)
    {
        if (placement.TtlMs <= 0)
        {
            return;
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        var ttlTicks = (long)(placement.TtlMs / 1000.0 * time.TimestampFrequency);
        _entries[request] = new Entry(placement, time.GetTimestamp() + ttlTicks);
    }

    /// <summary>Drops every placement on <paramref name="clusterId"/>, which just failed a session.</summary>
    public void Forget(string clusterId)
    {
        foreach (var (request, entry) in _entries)
        {
            if (entry.Placement.ClusterId == clusterId)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(request, entry));
            }
        }
    }

    private sealed record Entry(LocateResponse Placement, long ExpiresAt);
}
