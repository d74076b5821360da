namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>What a failed etcd call means, as <see cref="EtcdFailures.Classify"/> reads it; each has its own reaction.</summary>
internal enum EtcdFailureKind
{
    /// <summary>Not a failure of etcd: a bug, left to the task supervisor, which logs it and restarts the task.</summary>
    Unexpected,

    /// <summary>Cut short because the store stops or the caller went away: says nothing about etcd.</summary>
    Stopping,

    /// <summary>etcd cannot be reached now (refused, reset, hung, timed out, TLS refused): retry with backoff.</summary>
    Unavailable,

    /// <summary>etcd answered and refused (permissions, credentials, a request it will not take): retrying the same call will not help until an operator acts.</summary>
    Refused,

    /// <summary>etcd is out of space (the NOSPACE alarm): it refuses writes and still serves reads until compacted, defragmented and disarmed.</summary>
    Full,
}
