using ClusterLocator.Locator.Registry;

namespace ClusterLocator.Locator.Placement;

/// <summary>The outcome of a locate: a cluster and the address to use, or why none is eligible.</summary>
internal readonly struct PlacementResult
{
    private PlacementResult(ClusterEntry? cluster, string? protocol, string? address, double health, string? failure)
    {
        Cluster = cluster;
        Protocol = protocol;
        Address = address;
        Health = health;
        FailureDetail = failure;
    }

    public ClusterEntry? Cluster { get; }

    public string? Protocol { get; }

    public string? Address { get; }

    public double Health { get; }

    /// <summary>Why no cluster is eligible, for a person to act on.</summary>
    public string? FailureDetail { get; }

    public bool IsPlaced => Cluster is not null;

    public static PlacementResult ForCluster(ClusterEntry cluster, string protocol, string address, double health) =>
        new(cluster, protocol, address, health, null);

    public static PlacementResult ForFailure(string detail) => new(null, null, null, 0, detail);
}
