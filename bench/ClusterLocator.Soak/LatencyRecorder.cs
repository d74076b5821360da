namespace ClusterLocator.Soak;

/// <summary>Latencies in milliseconds, kept whole (a soak records at most a few million), for percentiles.</summary>
internal sealed class LatencyRecorder
{
    private readonly Lock _gate = new();
    private readonly List<double> _values = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _values.Count;
            }
        }
    }

    public void Add(TimeSpan elapsed)
    {
        lock (_gate)
        {
            _values.Add(elapsed.TotalMilliseconds);
        }
    }

    /// <summary>The <paramref name="percent"/> percentile (nearest rank), or 0 when nothing was recorded.</summary>
    public double Percentile(double percent)
    {
        lock (_gate)
        {
            if (_values.Count == 0)
            {
                return 0;
            }

            var sorted = _values.Order().ToList();
            var rank = (int)Math.Ceiling(percent / 100 * sorted.Count) - 1;
            return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
        }
    }
}
