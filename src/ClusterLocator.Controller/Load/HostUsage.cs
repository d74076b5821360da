using System.Globalization;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Controller.Load;

/// <summary>
/// The CPU and memory use a controller reports, each against the limit that binds it: the cgroup's
/// quota and memory limit when the process runs under one (a container, a systemd unit with
/// <c>CPUQuota=</c> or <c>MemoryMax=</c>), the machine's otherwise. Chosen once, at start, and
/// logged; nothing is read when <see cref="ControllerOptions.ReportHostUsage"/> is off.
/// </summary>
internal sealed partial class HostUsage
{
    private readonly ProcUsage? _host;
    private readonly CgroupCpu? _cgroupCpu;
    private readonly CgroupMemory? _cgroupMemory;

    public HostUsage(ControllerOptions options, TimeProvider time, ILogger<HostUsage> logger)
        : this(options, Cgroups.DefaultRoot, "/proc", time, logger)
    {
    }

    internal HostUsage(ControllerOptions options, string cgroupRoot, string procRoot, TimeProvider time, ILogger logger)
    {
        if (!options.ReportHostUsage)
        {
            return;
        }

        _host = new ProcUsage(procRoot);
        (_cgroupCpu, _cgroupMemory) = OperatingSystem.IsLinux() || Directory.Exists(cgroupRoot)
            ? Cgroups.Find(cgroupRoot, procRoot, _host.TotalMemory(), time)
            : (null, null);
        Log.Sources(logger, DescribeCpu(), DescribeMemory());
    }

    /// <summary>The busy share of the CPU allowed, since the previous call; null when not reported.</summary>
    public double? Cpu() => _host is null ? null : Math.Round(_cgroupCpu?.Cpu() ?? _host.Cpu(), 3);

    /// <summary>The share of the memory allowed in use; null when not reported.</summary>
    public double? Memory() => _host is null ? null : Math.Round(_cgroupMemory?.Memory() ?? _host.Memory(), 3);

    private string DescribeCpu() => _cgroupCpu is { } cpu
        ? string.Create(CultureInfo.InvariantCulture, $"the cgroup quota of {cpu.Cores:0.###} core(s) ({cpu.Directory})")
        : _host!.Available ? $"the machine's {Environment.ProcessorCount} core(s) (no cgroup quota)" : "nothing (no /proc: reads 0)";

    private string DescribeMemory() => _cgroupMemory is { } memory
        ? string.Create(CultureInfo.InvariantCulture, $"the cgroup limit of {memory.Limit / (1024.0 * 1024):0.#} MiB ({memory.Directory})")
        : _host!.Available ? "the machine's memory (no cgroup limit)" : "nothing (no /proc: reads 0)";
}
