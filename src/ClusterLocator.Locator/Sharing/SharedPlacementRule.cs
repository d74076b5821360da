using ClusterLocator.Locator.Registry;

namespace ClusterLocator.Locator.Sharing;

/// <summary>The one rule for a peer's count: it applies only to the very report it was counted against.</summary>
internal static class SharedPlacementRule
{
    /// <summary>Applies <paramref name="placement"/> (validated) to <paramref name="entry"/>, this locator's live entry of the cluster, if it is the same report.</summary>
    public static ShareOutcome Apply(ClusterEntry? entry, SharedPlacement placement)
    {
        if (entry is null)
        {
            return ShareOutcome.UnknownCluster;
        }

        if (entry.Report.Seq != placement.Seq || !string.Equals(entry.Report.Incarnation, placement.Incarnation, StringComparison.Ordinal))
        {
            return ShareOutcome.OtherReport;
        }

        entry.RecordPeerPlacements(placement.Count!.Value);
        return ShareOutcome.Applied;
    }
}
