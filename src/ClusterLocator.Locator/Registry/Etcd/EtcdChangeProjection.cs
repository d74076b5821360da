using System.Collections.Concurrent;
using System.Text.Json;
using ClusterLocator.Protocol;
using ClusterLocator.Protocol.Validation;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>
/// Turns what is read and watched under the prefix, and what this locator accepts itself, into the
/// store's <see cref="StoreChange"/>s. An empty value is the deregistration marker (the cluster left);
/// a deleted key is a lease that ran out (the cluster expired), unless this locator still writes it,
/// or etcd has only just come back.
/// </summary>
internal sealed partial class EtcdChangeProjection(
    EtcdStoreSettings settings,
    EtcdClusterRecords records,
    EtcdConnectivity connectivity,
    TimeProvider time,
    ILogger<EtcdChangeProjection> logger) : IEtcdPrefixView
{
    /// <summary>The clusters this locator has raised a report for and not yet a removal.</summary>
    private readonly ConcurrentDictionary<string, byte> _known = new(StringComparer.Ordinal);

    /// <summary>Deletions seen just after an outage, held back a lease: when each was seen.</summary>
    private readonly ConcurrentDictionary<string, long> _expiring = new(StringComparer.Ordinal);

    public event Action<StoreChange>? Changed;

    /// <summary>How many clusters the store holds.</summary>
    public int Count => _known.Count;

    public string KeyPrefix => settings.KeyPrefix;

    /// <summary>This locator accepted <paramref name="report"/>: it sees it at once, the others when etcd has it.</summary>
    public void Accepted(string clusterId, ClusterReport report)
    {
        _known[clusterId] = 0;
        Changed?.Invoke(new StoreChange(clusterId, report));
    }

    /// <summary>This locator removed the cluster.</summary>
    public void Removed(string clusterId)
    {
        _known.TryRemove(clusterId, out _);
        Changed?.Invoke(new StoreChange(clusterId, null));
    }

    public void Loaded(IEnumerable<Mvccpb.KeyValue> keys)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kv in keys)
        {
            var clusterId = settings.ClusterIdOf(kv.Key);
            if (!kv.Value.IsEmpty && Parse(clusterId, kv.Value) is { } report)
            {
                present.Add(clusterId);
                records.KeyHeldBy(clusterId, kv.Lease);
                _known[clusterId] = 0;
                Changed?.Invoke(new StoreChange(clusterId, report));
            }
        }

        // After a compaction, what is gone was deleted while the watch could not see it.
        foreach (var clusterId in _known.Keys.Where(id => !present.Contains(id) && !records.Contains(id)).ToList())
        {
            Expire(clusterId);
        }
    }

    public void Watched(IEnumerable<Mvccpb.Event> events)
    {
        foreach (var change in events)
        {
            var clusterId = settings.ClusterIdOf(change.Kv.Key);
            if (change.Type == Mvccpb.Event.Types.EventType.Put)
            {
                _expiring.TryRemove(clusterId, out _);
                if (change.Kv.Value.IsEmpty)
                {
                    // The deregistration marker: the cluster left.
                    records.KeyGone(clusterId);
                    if (_known.TryRemove(clusterId, out _))
                    {
                        Changed?.Invoke(new StoreChange(clusterId, null));
                    }
                }
                else if (Parse(clusterId, change.Kv.Value) is { } report)
                {
                    records.KeyHeldBy(clusterId, change.Kv.Lease);
                    _known[clusterId] = 0;
                    Changed?.Invoke(new StoreChange(clusterId, report));
                }
            }
            else
            {
                records.KeyGone(clusterId);
                Deleted(clusterId);
            }
        }
    }

    /// <summary>Expires the clusters deleted just after an outage that nobody has written again within a lease.</summary>
    public void ExpireAfterGrace()
    {
        foreach (var (clusterId, deletedAt) in _expiring)
        {
            if (time.GetElapsedTime(deletedAt) >= settings.Lease && _expiring.TryRemove(new KeyValuePair<string, long>(clusterId, deletedAt)))
            {
                records.TryRemove(clusterId, out _);
                Expire(clusterId);
            }
        }
    }

    /// <summary>Runs <see cref="ExpireAfterGrace"/> every heartbeat until <paramref name="stopping"/>.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(EtcdCall.Heartbeat, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                ExpireAfterGrace();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>A key was deleted: its lease ran out, or the cluster was deregistered through another locator.</summary>
    private void Deleted(string clusterId)
    {
        if (records.TryGet(clusterId, out var record) && records.IsReporting(record))
        {
            // The key went with another locator's lease, but this cluster still reports here: put it back.
            record.Written = null;
            records.Queue(record);
        }
        else if (connectivity.SinceRecovered < settings.Lease * 2)
        {
            // Just after an outage etcd expires every lease it could not renew, including those
            // of clusters that reported throughout; their locators write them again within a
            // moment. Wait a lease before believing the deletion.
            _expiring[clusterId] = time.GetTimestamp();
        }
        else
        {
            records.TryRemove(clusterId, out _);
            Expire(clusterId);
        }
    }

    private void Expire(string clusterId)
    {
        if (_known.TryRemove(clusterId, out _))
        {
            Changed?.Invoke(new StoreChange(clusterId, null, Expired: true));
        }
    }

    private ClusterReport? Parse(string clusterId, ByteString value)
    {
        try
        {
            var report = JsonSerializer.Deserialize(value.Span, ProtocolJsonContext.Default.ClusterReport);
            if (report is not null && ReportValidator.Validate(clusterId, report).Count == 0)
            {
                return report;
            }
        }
        catch (JsonException)
        {
        }

        Log.UnreadableKey(logger, settings.KeyPrefix + clusterId);
        return null;
    }
}
