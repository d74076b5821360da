using ClusterLocator.Protocol;

namespace ClusterLocator.Integration.Tests.Infrastructure;

/// <summary>One cluster out of a locator's <c>/v1/clusters</c>.</summary>
internal static class LocatorViews
{
    /// <summary>The cluster as the locator lists it, or null when it is not listed.</summary>
    public static async Task<ClusterView?> ClusterAsync(this TestLocator locator, string clusterId) =>
        (await locator.ClustersAsync()).Clusters.SingleOrDefault(c => c.ClusterId == clusterId);
}
