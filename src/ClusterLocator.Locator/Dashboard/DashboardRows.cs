using ClusterLocator.Locator.Health;
using ClusterLocator.Locator.Registry;

namespace ClusterLocator.Locator.Dashboard;

/// <summary>Reads a cluster's entry as the dashboard shows it.</summary>
internal static class DashboardRows
{
    /// <summary>
    /// The utilization <see cref="HealthModel"/> counts: the larger of (sessions + placed) / capacity,
    /// cpu and memory.
    /// </summary>
    public static double UtilizationOf(ClusterEntry entry)
    {
        var load = entry.Report.Load!;
        return Math.Max((entry.Sessions + (double)entry.Placed) / entry.Capacity, Math.Max(load.Cpu ?? 0, load.Memory ?? 0));
    }

    public static ClusterRow RowOf(ClusterEntry entry, ClusterRegistry registry, long now, long placementsPerSecond)
    {
        var state = entry.StateAt(now);
        var load = entry.Report.Load!;
        return new ClusterRow
        {
            ClusterId = entry.ClusterId,
            Service = entry.Service,
            Zone = entry.Zone,
            State = state.Name,
            Eligible = state.IsEligible,
            Stale = state.Eligibility != Eligibility.Expired && registry.IsStale(entry, now),
            Health = Math.Round(state.Health, 4),
            ReportedHealth = entry.Report.Health,
            Availability = Math.Round(HealthModel.Availability(load.HealthyMembers, load.Members), 4),
            Utilization = Math.Round(UtilizationOf(entry), 4),
            Cpu = load.Cpu,
            Memory = load.Memory,
            Sessions = entry.Sessions,
            Capacity = entry.Capacity,
            Members = load.Members,
            HealthyMembers = load.HealthyMembers,
            PlacedSinceReport = entry.Placed,
            PlacementsPerSecond = placementsPerSecond,
            ReportAgeMs = (long)registry.Elapsed(entry.ReportedAt, now).TotalMilliseconds,
        };
    }
}
