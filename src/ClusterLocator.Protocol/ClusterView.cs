namespace ClusterLocator.Protocol;

/// <summary>One cluster as the locator sees it.</summary>
public sealed record ClusterView
{
    /// <summary>The cluster's id.</summary>
    public required string ClusterId { get; init; }

    /// <summary>The service it serves.</summary>
    public required string Service { get; init; }

    /// <summary>The incarnation of its latest report: a deregistration names it.</summary>
    public string? Incarnation { get; init; }

    /// <summary><c>active</c>, <c>draining</c> or <c>expired</c> (lease ran out).</summary>
    public required string State { get; init; }

    /// <summary>The cluster's zone, if any.</summary>
    public string? Zone { get; init; }

    /// <summary>Current health in [0,1], counting the sessions placed since the last report.</summary>
    public required double Health { get; init; }

    /// <summary>Whether a locate may choose it now.</summary>
    public required bool Eligible { get; init; }

    /// <summary>Milliseconds since its last accepted report.</summary>
    public required long LastReportAgeMs { get; init; }

    /// <summary>Sessions this locator placed on it since that report.</summary>
    public required long PlacedSinceReport { get; init; }

    /// <summary>The endpoints as reported.</summary>
    public required IReadOnlyList<ClusterEndpoint> Endpoints { get; init; }

    /// <summary>The load as reported.</summary>
    public required ClusterLoad Load { get; init; }
}
