namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>How long the store waits on etcd: every call has a deadline, every stream a heartbeat.</summary>
internal static class EtcdCall
{
    /// <summary>Every etcd call ends by then; a hung etcd is seen as down within it.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often silence is checked: the watch asks for progress, the probe reads when nothing else
    /// has heard from etcd, and the first read is tried again.
    /// </summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);

    /// <summary>gRPC deadlines are wall-clock instants; they bound I/O, so they follow the real clock.</summary>
    public static DateTime Deadline() => TimeProvider.System.GetUtcNow().UtcDateTime + Timeout;
}
