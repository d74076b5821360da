using System.Globalization;

namespace ClusterLocator.Controller.Load;

/// <summary>
/// The machine's CPU and memory use, read from <c>/proc</c>: CPU as the busy share of all cores since
/// the previous reading, memory as 1 − available / total. Where <c>/proc</c> is missing (not Linux)
/// both read 0, so they never lower the health.
/// </summary>
internal sealed class ProcUsage
{
    private readonly string _stat;
    private readonly string _meminfo;
    private readonly Lock _gate = new();
    private (ulong Busy, ulong Total) _previous;

    public ProcUsage(string procRoot)
    {
        _stat = Path.Combine(procRoot, "stat");
        _meminfo = Path.Combine(procRoot, "meminfo");
        _previous = ReadCpuTimes();
    }

    /// <summary>Whether there is a <c>/proc</c> to read at all.</summary>
    public bool Available => File.Exists(_stat);

    public double Cpu()
    {
        var now = ReadCpuTimes();
        lock (_gate)
        {
            var (busy, total) = (now.Busy - _previous.Busy, now.Total - _previous.Total);
            _previous = now;
            return total == 0 ? 0 : Math.Clamp((double)busy / total, 0, 1);
        }
    }

    public double Memory()
    {
        var (total, available) = ReadMemory();
        return total == 0 ? 0 : Math.Clamp(1 - ((double)available / total), 0, 1);
    }

    /// <summary>The machine's memory in bytes; 0 where it cannot be read.</summary>
    public ulong TotalMemory() => ReadMemory().Total * 1024;

    private (ulong Total, ulong Available) ReadMemory()
    {
        if (!File.Exists(_meminfo))
        {
            return (0, 0);
        }

        ulong total = 0, available = 0;
        foreach (var line in File.ReadLines(_meminfo))
        {
            if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
            {
                total = Kilobytes(line);
            }
            else if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
            {
                available = Kilobytes(line);
            }
        }

        return (total, available);
    }

    private (ulong Busy, ulong Total) ReadCpuTimes()
    {
        if (!File.Exists(_stat))
        {
            return (0, 0);
        }

        // "cpu  user nice system idle iowait irq softirq steal …": idle and iowait are not busy.
        var fields = File.ReadLines(_stat).First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => ulong.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Aggregate(0UL, (a, b) => a + b);
        var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
        return (total - idle, total);
    }

    private static ulong Kilobytes(string line) =>
        ulong.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
