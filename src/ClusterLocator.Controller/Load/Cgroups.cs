using System.Globalization;

namespace ClusterLocator.Controller.Load;

/// <summary>
/// Finds the cgroup limits that apply to this process: its own cgroup (from <c>/proc/self/cgroup</c>)
/// and then each parent, up to the mount root, since a limit set on a parent (a container's, a
/// systemd slice's) binds the children too. cgroup v2 first, then v1.
/// </summary>
internal static class Cgroups
{
    /// <summary>Where cgroups are mounted, in a container as on a host.</summary>
    public const string DefaultRoot = "/sys/fs/cgroup";

    /// <summary>The CPU quota and memory limit in force; null for each that has none (or no cgroup at all).</summary>
    /// <param name="root">The cgroup mount, normally <see cref="DefaultRoot"/>.</param>
    /// <param name="procRoot">The proc file system, normally <c>/proc</c>.</param>
    /// <param name="hostMemory">The machine's memory: a v1 limit at or above it is no limit.</param>
    /// <param name="time">The clock of the CPU readings.</param>
    public static (CgroupCpu? Cpu, CgroupMemory? Memory) Find(string root, string procRoot, ulong hostMemory, TimeProvider time)
    {
        var membership = Path.Combine(procRoot, "self", "cgroup");
        var lines = File.Exists(membership) ? File.ReadAllLines(membership) : [];
        if (File.Exists(Path.Combine(root, "cgroup.controllers")))
        {
            var own = OwnPath(lines, controller: null);
            return (V2Cpu(root, own, time), V2Memory(root, own));
        }

        return (V1Cpu(root, lines, time), V1Memory(root, lines, hostMemory));
    }

    private static CgroupCpu? V2Cpu(string root, string own, TimeProvider time)
    {
        foreach (var dir in Upwards(root, own))
        {
            // "max 100000" is no quota; "150000 100000" is 1.5 cores.
            var fields = ReadFields(Path.Combine(dir, "cpu.max"));
            if (fields is [var quota, var period] && quota != "max" && Number(quota) is > 0 and var q && Number(period) is > 0 and var p)
            {
                var stat = Path.Combine(dir, "cpu.stat");
                return new CgroupCpu(dir, (double)q / p, () => (long)Stat(stat, "usage_usec"), time);
            }
        }

        return null;
    }

    private static CgroupMemory? V2Memory(string root, string own)
    {
        foreach (var dir in Upwards(root, own))
        {
            if (ReadFields(Path.Combine(dir, "memory.max")) is [var max] && max != "max" && Number(max) is > 0 and var limit)
            {
                var (current, stat) = (Path.Combine(dir, "memory.current"), Path.Combine(dir, "memory.stat"));
                return new CgroupMemory(dir, limit, () => WorkingSet(ReadNumber(current), Stat(stat, "inactive_file")));
            }
        }

        return null;
    }

    private static CgroupCpu? V1Cpu(string root, string[] lines, TimeProvider time)
    {
        var own = OwnPath(lines, "cpu");
        foreach (var dir in Upwards(Path.Combine(root, "cpu"), own))
        {
            // A quota of -1 is none.
            var quota = ReadNumber(Path.Combine(dir, "cpu.cfs_quota_us"));
            var period = ReadNumber(Path.Combine(dir, "cpu.cfs_period_us"));
            if (quota is > 0 and < long.MaxValue && period > 0)
            {
                // cpuacct is mounted beside cpu, or together with it ("cpu,cpuacct").
                var usage = Path.Combine(dir, "cpuacct.usage");
                if (!File.Exists(usage))
                {
                    usage = Path.Combine(Path.Combine(root, "cpuacct"), Path.GetRelativePath(Path.Combine(root, "cpu"), dir), "cpuacct.usage");
                }

                return File.Exists(usage) ? new CgroupCpu(dir, (double)quota / period, () => (long)(ReadNumber(usage) / 1000), time) : null;
            }
        }

        return null;
    }

    private static CgroupMemory? V1Memory(string root, string[] lines, ulong hostMemory)
    {
        var own = OwnPath(lines, "memory");
        foreach (var dir in Upwards(Path.Combine(root, "memory"), own))
        {
            // "No limit" is the largest page-aligned long; any limit beyond the machine's memory is none either.
            var limit = ReadNumber(Path.Combine(dir, "memory.limit_in_bytes"));
            if (limit > 0 && limit < (hostMemory > 0 ? hostMemory : long.MaxValue / 2))
            {
                var (usage, stat) = (Path.Combine(dir, "memory.usage_in_bytes"), Path.Combine(dir, "memory.stat"));
                return new CgroupMemory(dir, limit, () => WorkingSet(ReadNumber(usage), Stat(stat, "total_inactive_file")));
            }
        }

        return null;
    }

    /// <summary>
    /// This process's cgroup path in a hierarchy: v2's "0::/path", or v1's "N:cpu,cpuacct:/path" for
    /// <paramref name="controller"/>. "/" when unknown.
    /// </summary>
    private static string OwnPath(string[] lines, string? controller)
    {
        foreach (var line in lines)
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3 && (controller is null ? parts[0] == "0" && parts[1].Length == 0 : parts[1].Split(',').Contains(controller)))
            {
                return parts[2];
            }
        }

        return "/";
    }

    /// <summary>
    /// The process's own cgroup directory and its parents up to <paramref name="mount"/>. In a
    /// container with a cgroup namespace, the path seen in /proc is relative to the container's root,
    /// which is the mount: a path that is not there means exactly that.
    /// </summary>
    private static IEnumerable<string> Upwards(string mount, string own)
    {
        if (!Directory.Exists(mount))
        {
            yield break;
        }

        var top = Path.GetFullPath(mount).TrimEnd('/');
        var dir = Path.GetFullPath(Path.Combine(top, own.TrimStart('/'))).TrimEnd('/');
        if (!dir.StartsWith(top, StringComparison.Ordinal) || !Directory.Exists(dir))
        {
            dir = top;
        }

        while (true)
        {
            yield return dir;
            if (dir.Length <= top.Length)
            {
                yield break;
            }

            dir = Path.GetDirectoryName(dir)!;
        }
    }

    private static ulong WorkingSet(ulong usage, ulong inactiveFile) => usage > inactiveFile ? usage - inactiveFile : usage;

    private static string[]? ReadFields(string file) =>
        File.Exists(file) ? File.ReadAllText(file).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries) : null;

    private static ulong ReadNumber(string file) =>
        ReadFields(file) is [var value, ..] && Number(value) is { } n ? n : 0;

    /// <summary>A "key value" line of a stat file; 0 when absent.</summary>
    private static ulong Stat(string file, string key)
    {
        if (!File.Exists(file))
        {
            return 0;
        }

        foreach (var line in File.ReadLines(file))
        {
            if (line.StartsWith(key, StringComparison.Ordinal) && line.Length > key.Length && line[key.Length] == ' ')
            {
                return Number(line[(key.Length + 1)..].Trim()) ?? 0;
            }
        }

        return 0;
    }

    private static ulong? Number(string text) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
