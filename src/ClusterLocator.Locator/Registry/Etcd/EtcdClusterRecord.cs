using ClusterLocator.Protocol;

namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>
/// What this locator writes to etcd for one cluster it receives reports for: the latest report, what
/// was last written, and the lease that keeps the key. It is queued at most once at a time.
/// </summary>
internal sealed class EtcdClusterRecord(string clusterId)
{
    private int _queued;

    public string ClusterId { get; } = clusterId;

    /// <summary>The latest accepted report; written or not.</summary>
    public ClusterReport Latest { get; set; } = null!;

    /// <summary>When <see cref="Latest"/> arrived, on the locator's monotonic clock.</summary>
    public long LatestAt { get; set; }

    /// <summary>The report last written to etcd, or null when the key must be written again.</summary>
    public ClusterReport? Written { get; set; }

    public double WrittenHealth { get; set; }

    public long WrittenAt { get; set; }

    /// <summary>The etcd lease holding the key; 0 when there is none (not granted yet, or expired).</summary>
    public long LeaseId { get; set; }

    /// <summary>Held while a writer writes the record: one at a time.</summary>
    public SemaphoreSlim Writing { get; } = new(1, 1);

    /// <summary>True when the record was not waiting to be written: the caller queues it.</summary>
    public bool TryQueue() => Interlocked.Exchange(ref _queued, 1) == 0;

    /// <summary>Taken off the queue: a report arriving from now on queues it again.</summary>
    public void Dequeued() => Volatile.Write(ref _queued, 0);
}
