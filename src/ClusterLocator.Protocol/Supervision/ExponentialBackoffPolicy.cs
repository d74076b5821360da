namespace ClusterLocator.Protocol.Supervision;

/// <summary>
/// Waits from an initial backoff, <see cref="Multiplier"/> times longer after each failure up to a
/// maximum, each jittered by ±<see cref="Jitter"/> so that locators which lost etcd together do not
/// come back to it in step. A policy lasts one run of failures: after a success, take a new one.
/// </summary>
internal sealed class ExponentialBackoffPolicy : IBackoffPolicy
{
    internal const double Multiplier = 1.6;
    internal const double Jitter = 0.2;

    private readonly Random _random;
    private readonly long _maxTicks;
    private long _nextTicks;

    public ExponentialBackoffPolicy(Random random, TimeSpan initial, TimeSpan max)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, initial);
        _random = random;
        _nextTicks = initial.Ticks;
        _maxTicks = max.Ticks;
    }

    public TimeSpan NextBackoff()
    {
        var current = _nextTicks;
        _nextTicks = Math.Min((long)Math.Round(current * Multiplier), _maxTicks);
        var jittered = current + (long)(((_random.NextDouble() * 2) - 1) * Jitter * current);

        // Never past the maximum: the lease keeper's is a third of a lease, and a renewal later than
        // its maximum leaves less than a third of the lease to spare.
        return TimeSpan.FromTicks(Math.Min(jittered, _maxTicks));
    }
}
