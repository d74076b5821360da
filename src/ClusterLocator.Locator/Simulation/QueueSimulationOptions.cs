namespace ClusterLocator.Locator.Simulation;

/// <summary>The fleet and the load of a queue-model simulation.</summary>
internal sealed record QueueSimulationOptions : SimulationOptions
{
    /// <summary>How many clusters, each one FIFO server.</summary>
    /// <remarks>Defaults to 100.</remarks>
    public int Clusters { get; init; } = 100;

    /// <summary>Arrival rate per cluster, as a fraction of one cluster's service rate.</summary>
    /// <remarks>Defaults to 0.9.</remarks>
    public double Load { get; init; } = 0.9;

    /// <inheritdoc/>
    protected override void AddModelProblems(List<string> problems)
    {
        if (Clusters is < 1 or > 100_000)
        {
            problems.Add($"{Name(nameof(Clusters))} {Clusters} is out of range: use 1 to 100000.");
        }

        if (!(Load > 0 && Load < 1))
        {
            problems.Add($"{Name(nameof(Load))} {Format(Load)} is out of range: use more than 0 and less than 1 (at 1 or more the queues grow without bound).");
        }
    }
}
