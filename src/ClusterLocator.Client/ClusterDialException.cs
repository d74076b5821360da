namespace ClusterLocator.Client;

/// <summary>A controller could not be reached or refused the session; the message says which.</summary>
internal sealed class ClusterDialException : Exception
{
    public ClusterDialException(string message)
        : base(message)
    {
    }

    public ClusterDialException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ClusterDialException()
    {
    }
}
