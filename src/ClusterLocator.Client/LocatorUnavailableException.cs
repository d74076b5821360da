namespace ClusterLocator.Client;

/// <summary>No configured locator could be reached, or none answered in the contract's terms.</summary>
public sealed class LocatorUnavailableException : Exception
{
    /// <summary>Creates the exception with one line per locator tried.</summary>
    public LocatorUnavailableException(IReadOnlyList<string> failures)
        : base($"No locator answered: {string.Join("; ", failures)}")
    {
        Failures = failures;
    }

    /// <summary>Creates the exception.</summary>
    public LocatorUnavailableException()
        : this([])
    {
    }

    /// <summary>Creates the exception.</summary>
    public LocatorUnavailableException(string message)
        : base(message)
    {
        Failures = [message];
    }

    /// <summary>Creates the exception.</summary>
    public LocatorUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
        Failures = [message];
    }

    /// <summary>What went wrong with each locator, in the order tried.</summary>
    public IReadOnlyList<string> Failures { get; } = [];
}
