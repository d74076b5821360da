namespace ClusterLocator.Protocol;

/// <summary>
/// The answer to <c>GET /v1/locate?…&amp;explain=true</c>: every cluster of the service with the
/// inputs of its health and its state, and which one a locate would choose now and why. Nothing is
/// placed or counted.
/// </summary>
public sealed record LocateExplanation
{
    /// <summary>The service asked for.</summary>
    public required string Service { get; init; }

    /// <summary>The locator's placement policy: <c>best</c>, <c>p2c</c>, <c>weighted</c> or <c>round-robin</c>.</summary>
    public required string Policy { get; init; }

    /// <summary>The cluster a locate would choose, or null when none is eligible.</summary>
    public string? Chosen { get; init; }

    /// <summary>Why that cluster (policy, key, zone), or why none is eligible, for a person to read.</summary>
    public required string Reason { get; init; }

    /// <summary>Every cluster of the service, in the locator's order.</summary>
    public required IReadOnlyList<ExplainedCandidate> Candidates { get; init; }
}
