namespace ClusterLocator.Locator.Registry;

/// <summary>
/// What a locate reads: the clusters of each service. The map of services is replaced when a service
/// appears or disappears; each service's clusters are replaced on every report (<see cref="ServiceClusters"/>).
/// Both are published whole, so readers never lock.
/// </summary>
internal sealed class RegistrySnapshot(Dictionary<string, ServiceClusters> services)
{
    public static RegistrySnapshot Empty { get; } = new(new Dictionary<string, ServiceClusters>(StringComparer.Ordinal));

    /// <summary>Never mutated once published: a change of services publishes a new snapshot.</summary>
    public Dictionary<string, ServiceClusters> Services { get; } = services;

    public ClusterEntry[] ClustersOf(string service) =>
        Services.TryGetValue(service, out var clusters) ? clusters.Entries : [];

    public IEnumerable<ClusterEntry> All => Services.Values.SelectMany(s => s.Entries);
}
