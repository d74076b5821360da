using ClusterLocator.Locator.Hosting;
using ClusterLocator.Locator.Placement;
using ClusterLocator.Locator.Registry;

namespace ClusterLocator.Locator.Dashboard;

/// <summary>Makes the frames the dashboard's streams send, from the registry and the sampler.</summary>
internal sealed class DashboardFrames(
    DashboardSampler sampler,
    ClusterRegistry registry,
    ClusterSelector selector,
    LocatorReadiness readiness,
    LocatorOptions options)
{
    private static readonly string Version = typeof(DashboardFrames).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public DashboardSampler Sampler => sampler;

    public ClusterRegistry Registry => registry;

    /// <summary>A stream of the clusters <paramref name="query"/> asks for.</summary>
    public DashboardStream Open(DashboardQuery query) => new(this, query);

    /// <summary>The header now; call inside <see cref="DashboardSampler.Read{T}"/>.</summary>
    public FleetHeader Header(long now)
    {
        var store = registry.StoreHealth;
        return new FleetHeader
        {
            Version = Version,
            Policy = selector.Policy.Name,
            StoreKind = registry.StoreKind,
            StoreHealthy = store.Healthy,
            StoreProblem = store.Problem,
            StoreContactAgeMs = store.LastContact == 0 ? 0 : (long)registry.Elapsed(store.LastContact, now).TotalMilliseconds,
            Ready = readiness.IsReady(out _),
            Clusters = sampler.Clusters,
            Eligible = sampler.Eligible,
            Services = sampler.Services.Count,
            PlacementsPerSecond = sampler.PlacementsPerSecond,
            LocateP99Ms = sampler.LocateP99?.TotalMilliseconds,
            LeaseMs = (long)options.EffectiveLease.TotalMilliseconds,
        };
    }
}
