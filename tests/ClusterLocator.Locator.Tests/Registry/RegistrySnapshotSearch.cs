using ClusterLocator.Locator.Registry;

namespace ClusterLocator.Locator.Tests.Registry;

/// <summary>Finds a cluster in a published snapshot, as a test looks for it.</summary>
internal static class RegistrySnapshotSearch
{
    /// <summary>The entry of <paramref name="clusterId"/>, or null; fails if the snapshot holds it twice.</summary>
    public static ClusterEntry? Find(this RegistrySnapshot snapshot, string clusterId) =>
        snapshot.All.SingleOrDefault(e => e.ClusterId == clusterId);
}
