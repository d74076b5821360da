using ClusterLocator.Protocol;

namespace ClusterLocator.Locator.Registry;

/// <summary>
/// A change in the store: a cluster's new report, or its removal when <see cref="Report"/> is null.
/// A removal is <see cref="Expired"/> when the store's lease on the cluster ran out, rather than its
/// controller deregistering: the cluster then shows as expired until the retention ends.
/// </summary>
internal readonly record struct StoreChange(string ClusterId, ClusterReport? Report, bool Expired = false);
