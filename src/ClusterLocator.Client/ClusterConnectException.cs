namespace ClusterLocator.Client;

/// <summary>A session was placed on as many clusters as allowed, and none of them could be opened.</summary>
public sealed class ClusterConnectException : Exception
{
    /// <summary>Creates the exception from every attempt, in order.</summary>
    public ClusterConnectException(string service, IReadOnlyList<ConnectFailure> failedAttempts)
        : base($"Could not open a session for '{service}' after trying {failedAttempts?.Count} cluster(s): {string.Join("; ", failedAttempts ?? [])}. Raise MaxAttempts if more clusters should be tried.")
    {
        ArgumentNullException.ThrowIfNull(failedAttempts);
        Service = service;
        FailedAttempts = failedAttempts;
    }

    /// <summary>Creates the exception.</summary>
    public ClusterConnectException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ClusterConnectException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ClusterConnectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The service whose session could not be opened.</summary>
    public string Service { get; } = string.Empty;

    /// <summary>Every cluster tried, in order, and why it failed.</summary>
    public IReadOnlyList<ConnectFailure> FailedAttempts { get; } = [];
}
