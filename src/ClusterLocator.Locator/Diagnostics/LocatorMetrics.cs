using System.Diagnostics.Metrics;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;

namespace ClusterLocator.Locator.Diagnostics;

/// <summary>The locator's metrics (meter <see cref="MeterName"/>), exported however the host exports metrics (at <c>/metrics</c> by <c>clusterlocator locator</c>).</summary>
internal sealed class LocatorMetrics
{
    public const string MeterName = "ClusterLocator.Locator";

    private readonly Counter<long> _locates;
    private readonly Counter<long> _placements;
    private readonly Counter<long> _reports;

    // Fair placement: declared here because readonly fields must be set in the constructor.
    private readonly Counter<long> _notCounted;

    // Sharing placement counts between locators.
    private readonly Counter<long> _peerPlacements;
    private readonly Counter<long> _peerSyncFailures;

    public LocatorMetrics(IMeterFactory meterFactory, ClusterRegistry registry)
    {
        var meter = meterFactory.Create(MeterName);
        _locates = meter.CreateCounter<long>("clusterlocator.locate.requests", "{request}", "Locate requests by result: placed, unavailable, warming_up, invalid.");
        _placements = meter.CreateCounter<long>(PlacementsInstrument, "{session}", "Sessions placed, by cluster.");
        _reports = meter.CreateCounter<long>("clusterlocator.reports", "{report}", "Reports by result: accepted, invalid, out_of_order, unauthorized.");
        meter.CreateObservableGauge("clusterlocator.clusters", () => CountClusters(registry), "{cluster}", "Known clusters, by state.");
        meter.CreateObservableGauge(HealthInstrument, () => Healths(registry), null, "Current health of each cluster, in [0,1].");
        meter.CreateObservableGauge(
            "clusterlocator.store.healthy",
            () => new Measurement<int>(registry.StoreHealth.Healthy ? 1 : 0, new KeyValuePair<string, object?>("store", registry.StoreKind)),
            null,
            "1 while the registry store can be reached; 0 while it cannot (placements are then marked stale).");
        meter.CreateObservableGauge(
            "clusterlocator.store.contact.age",
            () => StoreContactAge(registry),
            "s",
            "Seconds since the registry store last answered (0 for the memory store).");

        // Fair placement.
        _notCounted = meter.CreateCounter<long>("clusterlocator.placements.not_counted", "{session}", "Placements answered but not counted toward the cluster's load: the client had used its share of the service's capacity for this report interval (LocatorOptions.ClientPlacementShare).");

        // Sharing placement counts between locators.
        _peerPlacements = meter.CreateCounter<long>("clusterlocator.peer.placements", "{session}", "Sessions peer locators placed, by result: applied (against the report held here), other_report, unknown_cluster, forbidden (dropped).");
        _peerSyncFailures = meter.CreateCounter<long>("clusterlocator.peer.sync.failures", "{request}", "Placement batches a peer locator did not take (unreachable, timed out, or answered an error); each was dropped.");
    }

    public void Located(string result) => _locates.Add(1, new KeyValuePair<string, object?>("result", result));

    public void Placed(ClusterEntry cluster) => _placements.Add(
        1,
        new KeyValuePair<string, object?>("service", cluster.Service),
        new KeyValuePair<string, object?>("cluster", cluster.ClusterId));

    public void Reported(string result) => _reports.Add(1, new KeyValuePair<string, object?>("result", result));

    private static double StoreContactAge(ClusterRegistry registry)
    {
        var health = registry.StoreHealth;
        return health.LastContact == 0 ? 0 : registry.Elapsed(health.LastContact, registry.Now).TotalSeconds;
    }

    private static IEnumerable<Measurement<int>> CountClusters(ClusterRegistry registry)
    {
        var now = registry.Now;

        // Every state is measured, at zero too, so a series does not vanish when its last cluster leaves it.
        var counts = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            [ClusterStates.Active] = 0,
            [ClusterStates.Draining] = 0,
            [ClusterStates.Expired] = 0,
        };
        foreach (var entry in registry.Snapshot.All)
        {
            counts[entry.StateAt(now).Name]++;
        }

        return counts.Select(c => new Measurement<int>(c.Value, new KeyValuePair<string, object?>("state", c.Key)));
    }

    private static IEnumerable<Measurement<double>> Healths(ClusterRegistry registry) =>
        registry.Snapshot.All.Select(e => new Measurement<double>(
            e.Health,
            new KeyValuePair<string, object?>("service", e.Service),
            new KeyValuePair<string, object?>("cluster", e.ClusterId)));

    // Fair placement.

    /// <summary>Counts a placement on <paramref name="cluster"/> that did not count toward its load.</summary>
    public void NotCounted(ClusterEntry cluster) => _notCounted.Add(1, new KeyValuePair<string, object?>("service", cluster.Service));

    // Limits: the instruments labelled by service and cluster, whose series the host bounds.

    /// <summary>The counter of placements, labelled by service and cluster.</summary>
    public const string PlacementsInstrument = "clusterlocator.placements";

    /// <summary>The gauge of each cluster's health, labelled by service and cluster.</summary>
    public const string HealthInstrument = "clusterlocator.cluster.health";

    // Sharing placement counts between locators.

    /// <summary>Counts <paramref name="sessions"/> a peer placed, by what became of them.</summary>
    public void PeerPlacements(string result, long sessions) => _peerPlacements.Add(sessions, new KeyValuePair<string, object?>("result", result));

    /// <summary>Counts a batch that did not reach a peer.</summary>
    public void PeerSyncFailed() => _peerSyncFailures.Add(1);
}
