using ClusterLocator.Protocol;

namespace ClusterLocator.Locator.Registry;

/// <summary>A change in the store: a cluster's new report, or its removal when <see cref="Report"/> is null.</summary>
internal readonly record struct StoreChange(string ClusterId, ClusterReport? Report);
