namespace ClusterLocator.Locator.Dashboard;

/// <summary>The page's header: the locator and its fleet as a whole.</summary>
internal sealed record FleetHeader
{
    public required string Version { get; init; }

    public required string Policy { get; init; }

    public required string StoreKind { get; init; }

    public required bool StoreHealthy { get; init; }

    /// <summary>Why the store is unhealthy; null when healthy.</summary>
    public string? StoreProblem { get; init; }

    /// <summary>Milliseconds since the store last answered; 0 for the memory store.</summary>
    public required long StoreContactAgeMs { get; init; }

    public required bool Ready { get; init; }

    public required int Clusters { get; init; }

    public required int Eligible { get; init; }

    public required int Services { get; init; }

    /// <summary>Sessions this locator placed in the last second.</summary>
    public required long PlacementsPerSecond { get; init; }

    /// <summary>The 99th percentile of locate latency over the last 10 s, in ms; null when not measured.</summary>
    public double? LocateP99Ms { get; init; }

    public required long LeaseMs { get; init; }
}
