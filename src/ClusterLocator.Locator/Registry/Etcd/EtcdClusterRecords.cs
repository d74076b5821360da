using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;

namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>
/// What the store's parts share: the clusters reporting to this locator (one
/// <see cref="EtcdClusterRecord"/> each), the queue of those to write, and the lease each key is held
/// by as last read or watched, which may be another locator's.
/// </summary>
internal sealed class EtcdClusterRecords(EtcdStoreSettings settings, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, EtcdClusterRecord> _records = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _keyLeases = new(StringComparer.Ordinal);
    private readonly Channel<EtcdClusterRecord> _pending = Channel.CreateUnbounded<EtcdClusterRecord>();

    public int Count => _records.Count;

    /// <summary>The prefix every key is under, to name in a problem.</summary>
    public string KeyPrefix => settings.KeyPrefix;

    /// <summary>The records to write, each at most once in the queue.</summary>
    public ChannelReader<EtcdClusterRecord> Pending => _pending.Reader;

    public EtcdClusterRecord GetOrAdd(string clusterId) => _records.GetOrAdd(clusterId, id => new EtcdClusterRecord(id));

    public bool TryGet(string clusterId, [MaybeNullWhen(false)] out EtcdClusterRecord record) => _records.TryGetValue(clusterId, out record);

    public bool Contains(string clusterId) => _records.ContainsKey(clusterId);

    public bool TryRemove(string clusterId, [MaybeNullWhen(false)] out EtcdClusterRecord record) => _records.TryRemove(clusterId, out record);

    /// <summary>Whether the cluster has reported here within a lease: this locator keeps its key alive.</summary>
    public bool IsReporting(EtcdClusterRecord record) => time.GetElapsedTime(record.LatestAt) < settings.Lease;

    public void Queue(EtcdClusterRecord record)
    {
        if (record.TryQueue())
        {
            _pending.Writer.TryWrite(record);
        }
    }

    /// <summary>Queues every record: leases may have run out and reports arrived while etcd was away.</summary>
    public void QueueAll()
    {
        foreach (var record in _records.Values)
        {
            Queue(record);
        }
    }

    /// <summary>Nothing more is queued: the writers finish.</summary>
    public void Complete() => _pending.Writer.TryComplete();

    /// <summary>The key of <paramref name="clusterId"/> was read or watched under <paramref name="leaseId"/>.</summary>
    public void KeyHeldBy(string clusterId, long leaseId) => _keyLeases[clusterId] = leaseId;

    /// <summary>The key of <paramref name="clusterId"/> is gone from etcd.</summary>
    public void KeyGone(string clusterId) => _keyLeases.TryRemove(clusterId, out _);

    /// <summary>The lease the key of <paramref name="clusterId"/> is held by, to write under; 0 when none is known.</summary>
    public long SharedLease(string clusterId) => _keyLeases.TryGetValue(clusterId, out var leaseId) ? leaseId : 0;

    /// <summary>
    /// The leases of the clusters still reporting here, and the lease each one's key is held by when
    /// another locator wrote it last: that locator may be dead. A silent cluster's leases are left to run out.
    /// </summary>
    public IEnumerable<long> LeasesToRenew()
    {
        foreach (var record in _records.Values)
        {
            if (!IsReporting(record))
            {
                continue;
            }

            if (record.LeaseId != 0)
            {
                yield return record.LeaseId;
            }

            if (_keyLeases.TryGetValue(record.ClusterId, out var held) && held != 0 && held != record.LeaseId)
            {
                yield return held;
            }
        }
    }

    /// <summary>A lease ran out (etcd was unreachable for longer than it): grant a new one and write again.</summary>
    public void LeaseLost(long leaseId)
    {
        var holders = _records.Values.Where(record => record.LeaseId == leaseId).ToList();
        ForgetLease(leaseId);
        foreach (var record in holders)
        {
            Queue(record);
        }
    }

    /// <summary>Stops offering <paramref name="leaseId"/> for sharing and takes it off every record that used it.</summary>
    public void ForgetLease(long leaseId)
    {
        foreach (var (clusterId, lease) in _keyLeases)
        {
            if (lease == leaseId)
            {
                _keyLeases.TryRemove(new KeyValuePair<string, long>(clusterId, lease));
            }
        }

        foreach (var record in _records.Values)
        {
            if (record.LeaseId == leaseId)
            {
                record.LeaseId = 0;
                record.Written = null;
            }
        }
    }
}
