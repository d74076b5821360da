namespace ClusterLocator.Locator.Registry;

/// <summary>
/// The clusters of one service. A report replaces the whole array (copy on write), so a reader takes
/// <see cref="Entries"/> once and works on an immutable view without a lock.
/// </summary>
internal sealed class ServiceClusters
{
    private ClusterEntry[] _entries = [];

    /// <summary>The current entries, ordered by cluster id.</summary>
    public ClusterEntry[] Entries => Volatile.Read(ref _entries);

    /// <summary>Publishes a new array; called under the registry's write lock only.</summary>
    public void Publish(ClusterEntry[] entries) => Volatile.Write(ref _entries, entries);
}
