using System.Globalization;

namespace ClusterLocator.Controller.Load;

/// <summary>
/// The controller host's CPU and memory use, read from the OS (<c>/proc</c> on Linux): CPU as the
/// busy share of all cores since the previous reading, memory as 1 − available / total.
/// Elsewhere both read 0, so they never lower the health.
/// </summary>
internal sealed class HostUsage
{
    private readonly Lock _gate = new();
    private (ulong Busy, ulong Total) _previous = ReadCpuTimes();

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

    public static double Memory()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/meminfo"))
        {
            return 0;
        }

        ulong total = 0, available = 0;
        foreach (var line in File.ReadLines("/proc/meminfo"))
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

        return total == 0 ? 0 : Math.Clamp(1 - ((double)available / total), 0, 1);
    }

    private static (ulong Busy, ulong Total) ReadCpuTimes()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/stat"))
        {
            return (0, 0);
        }

        // "cpu  user nice system idle iowait irq softirq steal …": idle and iowait are not busy.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => ulong.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Aggregate(0UL, (a, b) => a + b);
        var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
        return (total - idle, total);
    }

    private static ulong Kilobytes(string line) =>
        ulong.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
