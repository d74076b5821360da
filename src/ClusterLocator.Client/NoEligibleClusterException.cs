using ClusterLocator.Protocol;

namespace ClusterLocator.Client;

/// <summary>
/// A locator answered that no cluster of the service is eligible (none registered, all draining,
/// expired or full, or every one excluded). Every locator would say the same, so it is not retried.
/// </summary>
public sealed class NoEligibleClusterException : Exception
{
    /// <summary>Creates the exception from the locator's problem and the clusters tried before.</summary>
    public NoEligibleClusterException(string service, Problem problem, Uri locator, IReadOnlyList<ConnectFailure> failedAttempts)
        : base(Describe(service, problem, failedAttempts))
    {
        ArgumentNullException.ThrowIfNull(problem);
        Service = service;
        Problem = problem;
        Locator = locator;
        FailedAttempts = failedAttempts;
    }

    /// <summary>Creates the exception.</summary>
    public NoEligibleClusterException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public NoEligibleClusterException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public NoEligibleClusterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The service that was located.</summary>
    public string Service { get; } = string.Empty;

    /// <summary>The locator's explanation; its <c>detail</c> says why nothing is eligible.</summary>
    public Problem? Problem { get; }

    /// <summary>The locator that answered.</summary>
    public Uri? Locator { get; }

    /// <summary>Clusters this session tried and excluded before the locator ran out of clusters.</summary>
    public IReadOnlyList<ConnectFailure> FailedAttempts { get; } = [];

    private static string Describe(string service, Problem problem, IReadOnlyList<ConnectFailure> failedAttempts) =>
        failedAttempts.Count == 0
            ? $"No cluster of '{service}' is eligible: {problem.Detail}"
            : $"No cluster of '{service}' is eligible after {failedAttempts.Count} failed: {string.Join("; ", failedAttempts)}. The locator says: {problem.Detail}";
}
