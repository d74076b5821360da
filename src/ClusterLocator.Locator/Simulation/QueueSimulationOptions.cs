namespace ClusterLocator.Locator.Simulation;

/// <summary>The fleet, the load and the information of a queue-model simulation.</summary>
internal sealed record QueueSimulationOptions
{
    /// <summary>How many clusters, each one FIFO server.</summary>
    /// <remarks>Defaults to 100.</remarks>
    public int Clusters { get; init; } = 100;

    /// <summary>Arrival rate per cluster, as a fraction of one cluster's service rate.</summary>
    /// <remarks>Defaults to 0.9.</remarks>
    public double Load { get; init; } = 0.9;

    /// <summary>Time units between two reports of a cluster (one time unit is the mean service time).</summary>
    /// <remarks>Defaults to 1.</remarks>
    public double ReportInterval { get; init; } = 1;

    /// <summary>Whether the clusters report at the same instants or each at its own phase.</summary>
    /// <remarks>Defaults to <see cref="ReportPhase.Sync"/>.</remarks>
    public ReportPhase ReportPhase { get; init; } = ReportPhase.Sync;

    /// <summary>How many locators share the arrivals, each seeing every report and counting its own placements.</summary>
    /// <remarks>Defaults to 1.</remarks>
    public int Locators { get; init; } = 1;

    /// <summary>Measured arrivals.</summary>
    /// <remarks>Defaults to 1 000 000.</remarks>
    public long Arrivals { get; init; } = 1_000_000;

    /// <summary>Arrivals simulated before measuring, so the queues start from their steady state rather than empty.</summary>
    /// <remarks>Defaults to 100 000.</remarks>
    public long WarmUp { get; init; } = 100_000;

    /// <summary>The seed of every random draw: the same seed gives the same result.</summary>
    /// <remarks>Defaults to 1.</remarks>
    public int Seed { get; init; } = 1;

    /// <summary>Every problem with these options, each naming the property and the fix; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Clusters is < 1 or > 100_000)
        {
            problems.Add($"QueueSimulationOptions.Clusters {Clusters} is out of range: use 1 to 100000.");
        }

        if (!(Load > 0 && Load < 1))
        {
            problems.Add($"QueueSimulationOptions.Load {Load} is out of range: use more than 0 and less than 1 (at 1 or more the queues grow without bound).");
        }

        if (!(ReportInterval > 0 && ReportInterval <= 1_000))
        {
            problems.Add($"QueueSimulationOptions.ReportInterval {ReportInterval} is out of range: use more than 0 and at most 1000 time units.");
        }

        if (Locators is < 1 or > 1_000)
        {
            problems.Add($"QueueSimulationOptions.Locators {Locators} is out of range: use 1 to 1000.");
        }

        if (Arrivals is < 1 or > 100_000_000)
        {
            problems.Add($"QueueSimulationOptions.Arrivals {Arrivals} is out of range: use 1 to 100000000.");
        }

        if (WarmUp is < 0 or > 1_000_000_000)
        {
            problems.Add($"QueueSimulationOptions.WarmUp {WarmUp} is out of range: use 0 to 1000000000.");
        }

        return problems;
    }
}
