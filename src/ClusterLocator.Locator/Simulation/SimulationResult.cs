namespace ClusterLocator.Locator.Simulation;

/// <summary>What one policy achieved over the measured arrivals of a simulation.</summary>
/// <param name="Policy">The policy's name.</param>
/// <param name="MeanTimeInSystem">Mean time from arrival to departure, in time units.</param>
/// <param name="P99TimeInSystem">The 99th percentile of that time.</param>
/// <param name="Refused">Arrivals no cluster took.</param>
/// <param name="PlacementShare">Each cluster's share of the measured placements.</param>
/// <param name="CapacityShare">Each cluster's share of the fleet's capacity.</param>
/// <param name="ReportsPerClusterPerUnit">Reports a cluster sent per time unit, periodic and on change, while measuring.</param>
internal sealed record SimulationResult(
    string Policy,
    double MeanTimeInSystem,
    double P99TimeInSystem,
    long Refused,
    double[] PlacementShare,
    double[] CapacityShare,
    double ReportsPerClusterPerUnit)
{
    /// <summary>The result from the measured times in system (sorted here), the refusals and the placements and capacity of each cluster.</summary>
    public static SimulationResult Summarize(
        string policy, Span<double> times, long refused, long[] placements, int[] capacities, double reportsPerClusterPerUnit)
    {
        var mean = 0.0;
        foreach (var time in times)
        {
            mean += time;
        }

        mean = times.Length > 0 ? mean / times.Length : 0;
        times.Sort();
        var p99 = times.Length > 0 ? times[Math.Min(times.Length - 1, (int)Math.Ceiling(times.Length * 0.99) - 1)] : 0;
        var placed = placements.Sum();
        var capacity = capacities.Sum(c => (long)c);
        var placementShare = new double[placements.Length];
        var capacityShare = new double[placements.Length];
        for (var i = 0; i < placements.Length; i++)
        {
            placementShare[i] = placed > 0 ? (double)placements[i] / placed : 0;
            capacityShare[i] = (double)capacities[i] / capacity;
        }

        return new SimulationResult(policy, mean, p99, refused, placementShare, capacityShare, reportsPerClusterPerUnit);
    }
}
