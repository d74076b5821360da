using ClusterLocator.Locator.Placement;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Locator.Sharing;
using ClusterLocator.Protocol;

namespace ClusterLocator.Locator.Simulation;

/// <summary>
/// One locator of a simulation: its own entries, replaced by each report as the registry replaces
/// them (so the count of sessions placed since the report starts again at zero), the real selector
/// choosing among them, and the hand-over of its placement counts to its peers.
/// </summary>
internal sealed class SimulatedLocator
{
    private readonly ClusterEntry[] _entries;
    private readonly DecisionIndex _index;
    private readonly Dictionary<string, int> _indexById;
    private readonly ClusterSelector _selector;
    private readonly string[] _ids;

    // Clusters placed on since the last hand-over, so a hand-over visits those alone.
    private readonly bool[] _placedSinceShare;
    private readonly List<int> _placedSinceShareList = [];

    public SimulatedLocator(string[] ids, IPlacementPolicy policy, Func<int, ClusterReport> initial)
    {
        _ids = ids;
        _selector = new ClusterSelector(policy);
        _entries = new ClusterEntry[ids.Length];
        _placedSinceShare = new bool[ids.Length];
        _indexById = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++)
        {
            _indexById[ids[i]] = i;
            _entries[i] = new ClusterEntry(ids[i], initial(i), 0, long.MaxValue);
        }

        // As the registry keeps one: a report replaces its cluster's slot, a placement updates it.
        _index = new DecisionIndex(_entries, 0, claim: true);
    }

    /// <summary>
    /// Takes cluster <paramref name="index"/>'s <paramref name="report"/>, received at
    /// <paramref name="now"/> ticks. The lease never ends: the simulation measures balance, not
    /// failure detection.
    /// </summary>
    public void Accept(int index, ClusterReport report, long now) =>
        _index.Replace(index, new ClusterEntry(_ids[index], report, now, long.MaxValue), now);

    /// <summary>The index of the cluster the real selector chooses, with the placement counted; −1 when it refuses.</summary>
    public int Place(LocateRequest request, long now)
    {
        var result = _selector.Select(_index, request, now);
        if (result.Cluster is not { } cluster)
        {
            return -1;
        }

        var index = _indexById[cluster.ClusterId];
        if (!_placedSinceShare[index])
        {
            _placedSinceShare[index] = true;
            _placedSinceShareList.Add(index);
        }

        return index;
    }

    /// <summary>
    /// Hands this locator's own placements since the last hand-over to every other locator of
    /// <paramref name="locators"/>, each count tagged with the report it was counted against.
    /// </summary>
    public void ShareWith(SimulatedLocator[] locators)
    {
        foreach (var index in _placedSinceShareList)
        {
            _placedSinceShare[index] = false;
            var count = _entries[index].TakeUnsharedPlacements();
            if (count == 0)
            {
                continue;
            }

            var report = _entries[index].Report;
            var placement = new SharedPlacement { Cluster = _ids[index], Incarnation = report.Incarnation, Seq = report.Seq, Count = count };
            foreach (var peer in locators)
            {
                if (!ReferenceEquals(peer, this))
                {
                    // The product's receiver rule: applied only to the very report it was counted against.
                    SharedPlacementRule.Apply(peer._entries[index], placement);
                }
            }
        }

        _placedSinceShareList.Clear();
    }
}
