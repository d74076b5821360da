namespace ClusterLocator.Fuzz;

/// <summary>How a fuzz run goes: which locator, how many requests, from which seed.</summary>
internal sealed record FuzzSettings
{
    /// <summary>The locator's base URL, e.g. <c>http://127.0.0.1:5000/</c>.</summary>
    public required Uri Locator { get; init; }

    public int Seed { get; init; } = 1;

    public long Requests { get; init; } = 1_000_000;

    /// <summary>Workers sending in parallel, each on one HTTP client connection and one raw one.</summary>
    public int Connections { get; init; } = 8;

    /// <summary>Requests between two checks of the registry against the model.</summary>
    public int BatchSize { get; init; } = 20_000;

    public int ClustersPerWorker { get; init; } = 6;

    public int Services { get; init; } = 3;

    /// <summary>How long one request may take before it counts as a hang.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(20);
}
