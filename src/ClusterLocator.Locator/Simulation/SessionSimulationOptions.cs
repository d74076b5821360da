namespace ClusterLocator.Locator.Simulation;

/// <summary>The fleet, the clients and the session durations of a sessions-model simulation.</summary>
internal sealed record SessionSimulationOptions : SimulationOptions
{
    /// <summary>The clusters and their capacities.</summary>
    /// <remarks>Defaults to the demo's three clusters, of 20, 40 and 60 sessions.</remarks>
    public IReadOnlyList<SimulatedCluster> Clusters { get; init; } = [new("c1", 20), new("c2", 40), new("c3", 60)];

    /// <summary>Clients, each opening one session after another (a closed loop, as the demo's virtual clients).</summary>
    /// <remarks>Defaults to 24, the demo's for 120 sessions of capacity.</remarks>
    public int Clients { get; init; } = 24;

    /// <summary>How session durations are drawn.</summary>
    /// <remarks>Defaults to <see cref="DurationKind.Exp"/>.</remarks>
    public DurationKind Duration { get; init; } = DurationKind.Exp;

    /// <summary>The mean session duration, in time units (not used with a trace).</summary>
    /// <remarks>Defaults to 1.</remarks>
    public double DurationMean { get; init; } = 1;

    /// <summary>The standard deviation of the duration's logarithm, with <see cref="DurationKind.LogNormal"/>.</summary>
    /// <remarks>Defaults to 1.</remarks>
    public double DurationSigma { get; init; } = 1;

    /// <summary>The measured durations, in time units, with <see cref="DurationKind.Trace"/>.</summary>
    /// <remarks>Defaults to null.</remarks>
    public IReadOnlyList<double>? DurationTrace { get; init; }

    /// <inheritdoc/>
    protected override void AddModelProblems(List<string> problems)
    {
        if (Clusters.Count is < 1 or > 10_000)
        {
            problems.Add($"{Name(nameof(Clusters))} has {Clusters.Count} clusters: use 1 to 10000.");
        }

        foreach (var cluster in Clusters.Where(c => c.Capacity is < 1 or > 1_000_000))
        {
            problems.Add($"{Name(nameof(Clusters))} '{cluster.Id}' has capacity {cluster.Capacity}: use 1 to 1000000 sessions.");
        }

        if (Clients is < 1 or > 1_000_000)
        {
            problems.Add($"{Name(nameof(Clients))} {Clients} is out of range: use 1 to 1000000.");
        }

        if (!(DurationMean > 0 && DurationMean <= 1_000_000))
        {
            problems.Add($"{Name(nameof(DurationMean))} {Format(DurationMean)} is out of range: use more than 0 and at most 1000000 time units.");
        }

        if (!(DurationSigma > 0 && DurationSigma <= 10))
        {
            problems.Add($"{Name(nameof(DurationSigma))} {Format(DurationSigma)} is out of range: use more than 0 and at most 10.");
        }

        if (Duration == DurationKind.Trace && DurationTrace is not { Count: > 0 })
        {
            problems.Add($"{Name(nameof(DurationTrace))} is empty: give at least one duration.");
        }
    }
}
