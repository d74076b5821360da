namespace ClusterLocator.Locator.Hosting;

/// <summary>
/// Warm-up after start: a fresh locator with an in-memory store knows no cluster yet, so it refuses
/// locates for one lease, letting every controller report before the first client is placed.
/// Otherwise the first cluster to report would take every session.
/// </summary>
internal sealed class LocatorReadiness(TimeProvider time, TimeSpan warmUp)
{
    private readonly long _started = time.GetTimestamp();
    private volatile bool _ready = warmUp <= TimeSpan.Zero;

    public TimeSpan Uptime => time.GetElapsedTime(_started);

    /// <summary>Whether locates are answered; when not, how long until they are.</summary>
    public bool IsReady(out TimeSpan remaining)
    {
        remaining = TimeSpan.Zero;
        if (_ready)
        {
            return true;
        }

        remaining = warmUp - time.GetElapsedTime(_started);
        if (remaining <= TimeSpan.Zero)
        {
            _ready = true;
            remaining = TimeSpan.Zero;
            return true;
        }

        return false;
    }
}
