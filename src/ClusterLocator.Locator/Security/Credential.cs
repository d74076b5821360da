namespace ClusterLocator.Locator.Security;

/// <summary>Who may write which clusters: a named credential and the services and cluster ids it covers.</summary>
internal sealed class Credential(string name, IdGlobs services, IdGlobs clusters)
{
    public string Name { get; } = name;

    public IdGlobs Services { get; } = services;

    public IdGlobs Clusters { get; } = clusters;

    public bool Covers(string service, string clusterId) => Services.Matches(service) && Clusters.Matches(clusterId);

    /// <summary>What it covers, for a problem that refuses a write: never the secret.</summary>
    public string Scope => $"services {Services}; clusters {Clusters}";
}
