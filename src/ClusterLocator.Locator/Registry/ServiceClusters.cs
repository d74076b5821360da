using ClusterLocator.Locator.Placement;

namespace ClusterLocator.Locator.Registry;

/// <summary>
/// The clusters of one service and the <see cref="DecisionIndex"/> over them. A report of a known
/// cluster replaces its entry in place (O(log n)); a cluster joining or leaving publishes a new
/// array and index. A reader takes <see cref="Index"/> once and works without a lock: each slot holds
/// one whole entry, the old report's or the new one's.
/// </summary>
internal sealed class ServiceClusters
{
    private DecisionIndex _index = DecisionIndex.Empty;

    /// <summary>What a locate decides over.</summary>
    public DecisionIndex Index => Volatile.Read(ref _index);

    /// <summary>The current entries, ordered by cluster id.</summary>
    public ClusterEntry[] Entries => Index.Entries;

    /// <summary>
    /// The slot of <paramref name="clusterId"/> in <paramref name="entries"/> (ordered by id), or the
    /// bitwise complement of where it would go, as <see cref="Array.BinarySearch(Array, object)"/> answers.
    /// </summary>
    public static int SlotOf(ClusterEntry[] entries, string clusterId)
    {
        int low = 0, high = entries.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var order = string.CompareOrdinal(entries[middle].ClusterId, clusterId);
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return ~low;
    }

    /// <summary>Publishes a new array (a cluster joined or left); called under the registry's write lock only.</summary>
    public void Publish(ClusterEntry[] entries, long now) => Volatile.Write(ref _index, new DecisionIndex(entries, now, claim: true));

    /// <summary>Puts a known cluster's new entry in its slot; called under the registry's write lock only.</summary>
    public void Replace(int slot, ClusterEntry entry, long now) => Index.Replace(slot, entry, now);
}
