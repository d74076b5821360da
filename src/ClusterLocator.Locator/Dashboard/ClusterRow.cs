namespace ClusterLocator.Locator.Dashboard;

/// <summary>One cluster's row: its state, its health and the inputs behind it.</summary>
internal sealed record ClusterRow
{
    public required string ClusterId { get; init; }

    public required string Service { get; init; }

    public string? Zone { get; init; }

    /// <summary><c>active</c>, <c>draining</c> or <c>expired</c>.</summary>
    public required string State { get; init; }

    /// <summary>Whether a locate may choose it now.</summary>
    public required bool Eligible { get; init; }

    /// <summary>Its placements are answered stale: its report is old, or the store cannot be reached.</summary>
    public required bool Stale { get; init; }

    public required double Health { get; init; }

    /// <summary>The health its report set itself, overriding the formula; null when the formula applies.</summary>
    public double? ReportedHealth { get; init; }

    /// <summary>Healthy members over members.</summary>
    public required double Availability { get; init; }

    /// <summary>The larger of (sessions + placed) / capacity, cpu and memory.</summary>
    public required double Utilization { get; init; }

    public double? Cpu { get; init; }

    public double? Memory { get; init; }

    public required int Sessions { get; init; }

    public required int Capacity { get; init; }

    public int? Members { get; init; }

    public int? HealthyMembers { get; init; }

    /// <summary>Sessions placed since its report, by this locator and its peers.</summary>
    public required long PlacedSinceReport { get; init; }

    /// <summary>Sessions this locator placed on it in the last second.</summary>
    public required long PlacementsPerSecond { get; init; }

    public required long ReportAgeMs { get; init; }
}
