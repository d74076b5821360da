using System.Collections.Concurrent;

namespace ClusterLocator.Soak;

/// <summary>Counts by reason (failed set-ups by exception type, and the like), shared by many tasks.</summary>
internal sealed class Tally
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public long Total => _counts.Values.Sum();

    public void Add(string reason) => _counts.AddOrUpdate(reason, 1, (_, n) => n + 1);

    public override string ToString() =>
        _counts.IsEmpty ? "none" : string.Join(",", _counts.OrderByDescending(c => c.Value).Select(c => $"{c.Key}:{c.Value}"));
}
