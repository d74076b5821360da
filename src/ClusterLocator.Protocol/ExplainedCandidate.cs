namespace ClusterLocator.Protocol;

/// <summary>One cluster in a <see cref="LocateExplanation"/>: its state and the inputs of its health.</summary>
public sealed record ExplainedCandidate
{
    /// <summary>The cluster's id.</summary>
    public required string ClusterId { get; init; }

    /// <summary>
    /// <c>eligible</c>, <c>excluded</c> (by the request), <c>no-protocol</c> (lacks the protocol asked),
    /// <c>draining</c>, <c>expired</c> or <c>zero-health</c> (full, or without a healthy member).
    /// </summary>
    public required string State { get; init; }

    /// <summary>Whether a locate may choose it now.</summary>
    public required bool Eligible { get; init; }

    /// <summary>True when its report is older than the stale threshold, or the locator cannot reach its store; it stays eligible.</summary>
    public required bool Stale { get; init; }

    /// <summary>Its health in [0,1], counting the sessions placed since its report.</summary>
    public required double Health { get; init; }

    /// <summary>Its health once it takes one more session: what the <c>best</c> policy compares. Null when it is not eligible.</summary>
    public double? NextHealth { get; init; }

    /// <summary>Sessions, as reported.</summary>
    public required int Sessions { get; init; }

    /// <summary>Capacity, as reported.</summary>
    public required int Capacity { get; init; }

    /// <summary>CPU utilization in [0,1], as reported.</summary>
    public double? Cpu { get; init; }

    /// <summary>Memory utilization in [0,1], as reported.</summary>
    public double? Memory { get; init; }

    /// <summary>Healthy members, as reported.</summary>
    public int? HealthyMembers { get; init; }

    /// <summary>Members, as reported.</summary>
    public int? Members { get; init; }

    /// <summary>Sessions this locator placed on it since that report.</summary>
    public required long PlacedSinceReport { get; init; }

    /// <summary>Milliseconds since its last accepted report.</summary>
    public required long ReportAgeMs { get; init; }

    /// <summary>The cluster's zone, if any.</summary>
    public string? Zone { get; init; }

    /// <summary>Whether it is in the zone the request named; null when the request named none.</summary>
    public bool? ZoneMatch { get; init; }

    /// <summary>Whether the request excluded it.</summary>
    public required bool Excluded { get; init; }
}
