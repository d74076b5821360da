namespace ClusterLocator.Protocol;

/// <summary>The answer to <c>GET /v1/clusters</c>: one page of the clusters, ordered by id.</summary>
/// <param name="Clusters">The clusters of this page, ordered by id (ordinal).</param>
public sealed record ClusterList(IReadOnlyList<ClusterView> Clusters)
{
    /// <summary>
    /// The cursor of the next page, to pass as <c>after</c>: the id of this page's last cluster.
    /// Absent on the last page.
    /// </summary>
    public string? Next { get; init; }
}
