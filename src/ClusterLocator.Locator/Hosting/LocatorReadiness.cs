using ClusterLocator.Locator.Registry;

namespace ClusterLocator.Locator.Hosting;

/// <summary>
/// Whether the locator answers locates. A fresh locator with an in-memory store knows no cluster
/// yet, so it refuses locates for one lease (warm-up), letting every controller report before the
/// first client is placed; otherwise the first cluster to report would take every session. A
/// locator on a shared store has no warm-up but waits until it has read the store once. A locator
/// whose background task failed is not ready until that task runs again (<see cref="SupervisedTasks"/>).
/// </summary>
internal sealed class LocatorReadiness(TimeProvider time, LocatorOptions options, ClusterRegistry registry, SupervisedTasks tasks)
{
    /// <summary>How soon to ask again while the store has not been read.</summary>
    private static readonly TimeSpan StoreRetry = TimeSpan.FromSeconds(1);

    private readonly TimeSpan _warmUp = options.EffectiveWarmUp;
    private readonly long _started = time.GetTimestamp();
    private volatile bool _warm = options.EffectiveWarmUp <= TimeSpan.Zero;

    public TimeSpan Uptime => time.GetElapsedTime(_started);

    /// <summary>False until the store has been read once; while false, the locator is not ready.</summary>
    public bool StoreLoaded => registry.IsStoreLoaded;

    /// <summary>Why a failed background task holds the locator not ready; null when none does.</summary>
    public string? TaskProblem => tasks.Problem;

    /// <summary>Why a locate is refused while not ready, and when to ask again: the one text of every transport.</summary>
    public string NotReadyDetail(TimeSpan remaining) => StoreLoaded
        ? $"The locator has just started and waits {_warmUp.TotalSeconds:0.###}s (one lease) for every cluster to report, so the first one is not flooded. Retry in {remaining.TotalSeconds:0.#}s."
        : $"The locator has not read its {registry.StoreKind} store yet ({registry.StoreHealth.Problem ?? "connecting"}), so it does not know the clusters. Ask another locator, or retry in {remaining.TotalSeconds:0.#}s.";

    /// <summary>Whether locates are answered; when not, how long until they may be.</summary>
    public bool IsReady(out TimeSpan remaining)
    {
        remaining = TimeSpan.Zero;
        if (!_warm)
        {
            remaining = _warmUp - time.GetElapsedTime(_started);
            if (remaining > TimeSpan.Zero)
            {
                return false;
            }

            _warm = true;
            remaining = TimeSpan.Zero;
        }

        if (!registry.IsStoreLoaded || tasks.Problem is not null)
        {
            remaining = StoreRetry;
            return false;
        }

        return true;
    }
}
