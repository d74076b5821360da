namespace ClusterLocator.Fuzz.Checks;

/// <summary>One cluster as <c>GET /v1/clusters</c> lists it.</summary>
internal sealed record ListedCluster(string ClusterId, string? Service, string? Incarnation);
