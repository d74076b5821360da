namespace ClusterLocator.Locator.Sharing;

/// <summary>What became of a peer's count for one cluster.</summary>
internal enum ShareOutcome
{
    /// <summary>Counted: this locator holds the report the peer counted against.</summary>
    Applied,

    /// <summary>Dropped: this locator does not know the cluster.</summary>
    UnknownCluster,

    /// <summary>
    /// Dropped: this locator holds another report of the cluster. A newer one already includes the
    /// sessions; against an older one they would be counted twice once the newer arrives.
    /// </summary>
    OtherReport,
}
