namespace ClusterLocator.Protocol;

/// <summary>The answer to <c>GET /v1/clusters</c>.</summary>
/// <param name="Clusters">Every known cluster, ordered by id.</param>
public sealed record ClusterList(IReadOnlyList<ClusterView> Clusters);
