namespace ClusterLocator.Locator.Simulation;

/// <summary>What one policy achieved over the measured arrivals of a simulation.</summary>
/// <param name="Policy">The policy's name.</param>
/// <param name="MeanTimeInSystem">Mean time from arrival to departure, in service-time units.</param>
/// <param name="P99TimeInSystem">The 99th percentile of that time.</param>
/// <param name="Refused">Arrivals no cluster took.</param>
/// <param name="PlacementShare">Each cluster's share of the measured placements.</param>
/// <param name="CapacityShare">Each cluster's share of the fleet's capacity.</param>
internal sealed record SimulationResult(
    string Policy,
    double MeanTimeInSystem,
    double P99TimeInSystem,
    long Refused,
    double[] PlacementShare,
    double[] CapacityShare);
