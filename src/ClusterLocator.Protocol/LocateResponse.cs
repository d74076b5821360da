namespace ClusterLocator.Protocol;

/// <summary>The connection request response: where the client opens its session.</summary>
/// <param name="ClusterId">The chosen cluster.</param>
/// <param name="Protocol"><c>tcp</c> or <c>http</c>.</param>
/// <param name="Address">The controller's address for that protocol.</param>
/// <param name="Health">The cluster's health when it was chosen.</param>
/// <param name="TtlMs">How long the client may reuse this placement.</param>
/// <param name="Stale">True when the cluster has missed reports but its lease is still alive, or the locator cannot reach its registry store and answers from what it last knew.</param>
public sealed record LocateResponse(string ClusterId, string Protocol, string Address, double Health, long TtlMs, bool Stale);
