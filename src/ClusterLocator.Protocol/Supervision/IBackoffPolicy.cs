namespace ClusterLocator.Protocol.Supervision;

/// <summary>The waits between attempts during one run of failures.</summary>
internal interface IBackoffPolicy
{
    /// <summary>How long to wait before the next attempt.</summary>
    TimeSpan NextBackoff();
}
