namespace ClusterLocator.Cli.Demo.Workload;

/// <summary>Keeps every latency measured, for exact percentiles: a demo takes thousands, not millions.</summary>
internal sealed class LatencyRecorder
{
    private readonly List<double> _milliseconds = [];
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _milliseconds.Count;
            }
        }
    }

    public void Add(TimeSpan latency)
    {
        lock (_gate)
        {
            _milliseconds.Add(latency.TotalMilliseconds);
        }
    }

    /// <summary>The <paramref name="percentile"/> (0–100) in milliseconds, nearest rank; null before the first.</summary>
    public double? Percentile(double percentile)
    {
        double[] sorted;
        lock (_gate)
        {
            if (_milliseconds.Count == 0)
            {
                return null;
            }

            sorted = [.. _milliseconds];
        }

        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
