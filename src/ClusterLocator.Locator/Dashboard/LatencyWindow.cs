namespace ClusterLocator.Locator.Dashboard;

/// <summary>
/// The locate latencies of the last <see cref="Seconds"/> seconds, counted in log-spaced buckets
/// (8 to a doubling, from 1 µs to about 17 s), so recording one is an increment and the 99th
/// percentile is read to within 9 %. <see cref="Record"/> is called on the locate path from any
/// thread; <see cref="Roll"/> by the sampler, once a second.
/// </summary>
internal sealed class LatencyWindow
{
    /// <summary>How many seconds the percentile covers.</summary>
    public const int Seconds = 10;

    private const int PerDoubling = 8;
    private const double Smallest = 1e-6;
    private const int Buckets = 24 * PerDoubling;

    // One row of buckets per second; Record counts into the current one.
    private readonly long[][] _seconds = [.. Enumerable.Range(0, Seconds).Select(_ => new long[Buckets])];
    private int _current;

    /// <summary>Counts one locate that took <paramref name="seconds"/>.</summary>
    public void Record(double seconds) =>
        Interlocked.Increment(ref _seconds[Volatile.Read(ref _current)][BucketOf(seconds)]);

    /// <summary>Starts a new second, forgetting the one <see cref="Seconds"/> seconds old.</summary>
    public void Roll()
    {
        var next = (_current + 1) % Seconds;
        Array.Clear(_seconds[next]);
        Volatile.Write(ref _current, next);
    }

    /// <summary>The 99th percentile over the window in seconds (the upper edge of its bucket), or null when nothing was recorded.</summary>
    public double? P99()
    {
        Span<long> totals = stackalloc long[Buckets];
        long count = 0;
        foreach (var second in _seconds)
        {
            for (var i = 0; i < Buckets; i++)
            {
                var n = Volatile.Read(ref second[i]);
                totals[i] += n;
                count += n;
            }
        }

        if (count == 0)
        {
            return null;
        }

        // The smallest bucket at or below which 99 % of the locates fall.
        var rank = (long)Math.Ceiling(count * 0.99);
        long seen = 0;
        for (var i = 0; i < Buckets; i++)
        {
            seen += totals[i];
            if (seen >= rank)
            {
                return UpperEdgeOf(i);
            }
        }

        return UpperEdgeOf(Buckets - 1);
    }

    internal static int BucketOf(double seconds) =>
        !(seconds > Smallest) ? 0 : Math.Min(Buckets - 1, (int)Math.Ceiling(Math.Log2(seconds / Smallest) * PerDoubling));

    internal static double UpperEdgeOf(int bucket) => Smallest * Math.Pow(2, (double)bucket / PerDoubling);
}
