using ClusterLocator.Protocol;

namespace ClusterLocator.Client;

/// <summary>
/// A locator answered 401 or 403: it requires an identity this client did not give, or one that may
/// not ask this. Every locator sharing the credentials would say the same, so it is not retried.
/// </summary>
public sealed class LocatorAccessDeniedException : Exception
{
    /// <summary>Creates the exception from the locator's problem.</summary>
    public LocatorAccessDeniedException(Problem problem, Uri locator)
        : base(Describe(problem, locator))
    {
        ArgumentNullException.ThrowIfNull(problem);
        Problem = problem;
        Locator = locator;
    }

    /// <summary>Creates the exception.</summary>
    public LocatorAccessDeniedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public LocatorAccessDeniedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public LocatorAccessDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The locator's explanation: 401 (no identity, or not a known one) or 403 (not allowed this service).</summary>
    public Problem? Problem { get; }

    /// <summary>The locator that answered.</summary>
    public Uri? Locator { get; }

    private static string Describe(Problem problem, Uri locator) => problem.Status == 403
        ? $"{locator} refused the request ({problem.Status} {problem.Title}): {problem.Detail} Use a token or client certificate the locator's credentials allow this service for."
        : $"{locator} refused the request ({problem.Status} {problem.Title}): {problem.Detail} Send a token the locator accepts with LocatorClientOptions.Token, or a client certificate with LocatorClientOptions.TlsClientCert.";
}
