namespace ClusterLocator.Cli.Demo.Workload;

/// <summary>What the workload saw of one cluster, counted from every virtual client at once.</summary>
internal sealed class ClusterTally
{
    private long _placements;
    private long _refused;
    private long _cut;

    /// <summary>Sessions opened on the cluster (re-opened ones included).</summary>
    public long Placements => Interlocked.Read(ref _placements);

    /// <summary>Connects the cluster refused or never answered, which the SDK retried on another cluster.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Sessions on the cluster cut while in use.</summary>
    public long Cut => Interlocked.Read(ref _cut);

    public void Placed() => Interlocked.Increment(ref _placements);

    public void RefusedOne() => Interlocked.Increment(ref _refused);

    public void CutOne() => Interlocked.Increment(ref _cut);
}
