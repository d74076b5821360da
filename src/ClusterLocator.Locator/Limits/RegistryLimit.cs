namespace ClusterLocator.Locator.Limits;

/// <summary>One of the registry's size limits, as a refusal names it.</summary>
/// <param name="Property">The option that sets it, such as <c>LocatorOptions.MaxClusters</c>.</param>
/// <param name="Flag">The <c>clusterlocator locator</c> flag that sets it.</param>
/// <param name="Value">The limit.</param>
/// <param name="What">What it counts, in words: "clusters in total".</param>
internal sealed record RegistryLimit(string Property, string Flag, int Value, string What)
{
    public static RegistryLimit Clusters(LocatorOptions options) =>
        new("LocatorOptions.MaxClusters", "--max-clusters", options.MaxClusters, "clusters in total");

    public static RegistryLimit Services(LocatorOptions options) =>
        new("LocatorOptions.MaxServices", "--max-services", options.MaxServices, "services");

    public static RegistryLimit ClustersPerService(LocatorOptions options) =>
        new("LocatorOptions.MaxClustersPerService", "--max-clusters-per-service", options.MaxClustersPerService, "clusters per service");
}
