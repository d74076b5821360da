namespace ClusterLocator.Locator.Sharing;

/// <summary>Sessions a locator placed on one cluster, against the report (incarnation, seq) it counted them on.</summary>
internal sealed record SharedPlacement
{
    public string? Cluster { get; init; }

    public string? Incarnation { get; init; }

    public long? Seq { get; init; }

    public long? Count { get; init; }
}
