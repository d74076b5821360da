using System.Diagnostics;

namespace ClusterLocator.ProxyBench.Clients;

/// <summary>
/// Every latency of one connection's thread, in <see cref="Stopwatch"/> ticks, kept whole rather than
/// in a histogram: a 10-second run is at most a few million longs, and exact percentiles need no
/// bucket choice.
/// </summary>
internal sealed class LatencyRecorder
{
    private readonly List<long> _ticks = new(1 << 16);

    public int Count => _ticks.Count;

    public void Add(long ticks) => _ticks.Add(ticks);

    /// <summary>The latencies of every recorder, sorted, as the input of <see cref="Percentile"/>.</summary>
    public static long[] Merge(IEnumerable<LatencyRecorder> recorders)
    {
        long[] all = [.. recorders.SelectMany(r => r._ticks)];
        Array.Sort(all);
        return all;
    }

    /// <summary>The nearest-rank percentile of sorted ticks, in microseconds.</summary>
    public static double Percentile(long[] sorted, double percent)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)] * 1_000_000.0 / Stopwatch.Frequency;
    }
}
