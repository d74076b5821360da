using ClusterLocator.Locator.Placement;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;

namespace ClusterLocator.Locator.Simulation;

/// <summary>
/// One locator of a simulation: its own entries, replaced by each report as the registry replaces
/// them (so the count of sessions placed since the report starts again at zero), and the real
/// selector choosing among them.
/// </summary>
internal sealed class SimulatedLocator
{
    private readonly ClusterEntry[] _entries;
    private readonly Dictionary<string, int> _indexById;
    private readonly ClusterSelector _selector;
    private readonly string[] _ids;

    public SimulatedLocator(string[] ids, IPlacementPolicy policy, ClusterReport initial)
    {
        _ids = ids;
        _selector = new ClusterSelector(policy);
        _entries = new ClusterEntry[ids.Length];
        _indexById = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++)
        {
            _indexById[ids[i]] = i;
            Accept(i, initial, 0);
        }
    }

    /// <summary>
    /// Takes cluster <paramref name="index"/>'s report, received at <paramref name="now"/> ticks. The
    /// lease never ends: the simulation measures balance, not failure detection.
    /// </summary>
    public void Accept(int index, ClusterReport report, long now) =>
        _entries[index] = new ClusterEntry(_ids[index], report, now, long.MaxValue);

    /// <summary>The index of the cluster the real selector chooses, with the placement counted; −1 when it refuses.</summary>
    public int Place(LocateRequest request, long now)
    {
        var result = _selector.Select(_entries, request, now);
        return result.Cluster is { } cluster ? _indexById[cluster.ClusterId] : -1;
    }
}
