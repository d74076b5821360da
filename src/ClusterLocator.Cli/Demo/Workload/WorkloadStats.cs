namespace ClusterLocator.Cli.Demo.Workload;

/// <summary>What the virtual clients did: sessions, failures, re-opens, placements per cluster, locate latency.</summary>
internal sealed class WorkloadStats
{
    private readonly Dictionary<string, ClusterTally> _clusters;
    private long _sessions;
    private long _failed;
    private long _interrupted;
    private string? _firstFailure;

    public WorkloadStats(DemoPlan plan)
    {
        _clusters = plan.Clusters.ToDictionary(c => c.Id, _ => new ClusterTally(), StringComparer.Ordinal);
    }

    /// <summary>Sessions begun: a session cut and re-opened counts once.</summary>
    public long Sessions => Interlocked.Read(ref _sessions);

    /// <summary>Sessions that could not be opened, or not re-opened after a cut.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Sessions cut while in use (the crash) and re-opened on another cluster.</summary>
    public long Interrupted => Interlocked.Read(ref _interrupted);

    /// <summary>Why the first failed session failed, for the summary.</summary>
    public string? FirstFailure => Volatile.Read(ref _firstFailure);

    /// <summary>Every locate the SDK made, timed from request to answer.</summary>
    public LatencyRecorder Locate { get; } = new();

    public long TotalPlacements => _clusters.Values.Sum(c => c.Placements);

    public ClusterTally this[string clusterId] => _clusters[clusterId];

    public bool TryGet(string clusterId, out ClusterTally tally) => _clusters.TryGetValue(clusterId, out tally!);

    public void SessionBegun() => Interlocked.Increment(ref _sessions);

    public void SessionInterrupted() => Interlocked.Increment(ref _interrupted);

    /// <summary>Counts a failed session; true for the first, so it can be told once.</summary>
    public bool SessionFailed(string reason)
    {
        Interlocked.Increment(ref _failed);
        return Interlocked.CompareExchange(ref _firstFailure, reason, null) is null;
    }
}
