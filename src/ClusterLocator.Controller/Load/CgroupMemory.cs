namespace ClusterLocator.Controller.Load;

/// <summary>
/// A cgroup's memory use as a share of its limit. The kernel's count includes the page cache; the
/// inactive file pages in it are reclaimed before the OOM killer acts, so they are left out, as
/// the kubelet does for its "working set".
/// </summary>
internal sealed class CgroupMemory(string directory, ulong limit, Func<ulong> usage)
{
    /// <summary>The cgroup whose limit applies.</summary>
    public string Directory { get; } = directory;

    /// <summary>The limit in bytes.</summary>
    public ulong Limit { get; } = limit;

    public double Memory() => Math.Clamp((double)usage() / Limit, 0, 1);
}
