using ClusterLocator.Locator.Placement;

namespace ClusterLocator.Locator.Registry;

/// <summary>
/// What a locate reads: the clusters of each service. The map of services is replaced when a service
/// appears or disappears; each service's clusters are updated on every report (<see cref="ServiceClusters"/>),
/// one entry at a time, so readers never lock.
/// </summary>
internal sealed class RegistrySnapshot(Dictionary<string, ServiceClusters> services)
{
    public static RegistrySnapshot Empty { get; } = new(new Dictionary<string, ServiceClusters>(StringComparer.Ordinal));

    /// <summary>Never mutated once published: a change of services publishes a new snapshot.</summary>
    public Dictionary<string, ServiceClusters> Services { get; } = services;

    public ClusterEntry[] ClustersOf(string service) =>
        Services.TryGetValue(service, out var clusters) ? clusters.Entries : [];

    /// <summary>What a locate of <paramref name="service"/> decides over: empty when the service is unknown.</summary>
    public DecisionIndex IndexOf(string service) =>
        Services.TryGetValue(service, out var clusters) ? clusters.Index : DecisionIndex.Empty;

    public IEnumerable<ClusterEntry> All => Services.Values.SelectMany(s => s.Entries);
}
