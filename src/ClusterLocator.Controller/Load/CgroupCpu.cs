namespace ClusterLocator.Controller.Load;

/// <summary>
/// A cgroup's CPU use as a share of its quota: the CPU time its processes used since the previous
/// reading, over the wall time that passed times the cores the quota allows. 1 means the quota is
/// spent and the kernel throttles; a host-wide reading would say the machine is idle.
/// </summary>
internal sealed class CgroupCpu
{
    private readonly Func<long> _usageMicroseconds;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private (long Usage, long Timestamp) _previous;

    public CgroupCpu(string directory, double cores, Func<long> usageMicroseconds, TimeProvider time)
    {
        Directory = directory;
        Cores = cores;
        _usageMicroseconds = usageMicroseconds;
        _time = time;
        _previous = (usageMicroseconds(), time.GetTimestamp());
    }

    /// <summary>The cgroup whose quota applies.</summary>
    public string Directory { get; }

    /// <summary>The quota in cores (quota / period).</summary>
    public double Cores { get; }

    public double Cpu()
    {
        var usage = _usageMicroseconds();
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            var used = usage - _previous.Usage;
            var elapsed = _time.GetElapsedTime(_previous.Timestamp, now).TotalMicroseconds;
            _previous = (usage, now);
            return elapsed <= 0 ? 0 : Math.Clamp(used / (elapsed * Cores), 0, 1);
        }
    }
}
