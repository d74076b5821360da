namespace ClusterLocator.Fuzz.Generation;

/// <summary>What a generator believes about one of its cluster ids, so that it can send valid reports and deregistrations.</summary>
internal sealed class ClusterState(string clusterId)
{
    public string ClusterId { get; } = clusterId;

    public string Incarnation { get; set; } = "i0";

    public int Incarnations { get; set; }

    public long NextSeq { get; set; }

    /// <summary>
    /// Set when a mutated report was accepted: what it stored (its seq, its incarnation) is not
    /// known, so the next valid report starts a new incarnation, which always replaces.
    /// </summary>
    public bool Unknown { get; set; }
}
