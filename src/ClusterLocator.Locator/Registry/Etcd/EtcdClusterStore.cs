using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using ClusterLocator.Locator.Health;
using ClusterLocator.Protocol;
using ClusterLocator.Protocol.Validation;
using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>
/// The shared store: every cluster is one key under the prefix, held by an etcd lease that this
/// locator keeps alive while the cluster reports to it (every lease renewed on one keep-alive
/// stream, see <see cref="EtcdLeaseKeeper"/>). A cluster reporting to several locators is kept
/// alive by all of them: a locator writes under the lease the key already has, when there is one,
/// and renews the lease the key is held by as well as its own. So the key never rests on one
/// locator's lease alone, and does not go when that locator dies. Writes are bounded: the document is rewritten only when
/// its health moves by more than
/// <see cref="HealthThreshold"/>, its state, zone or endpoints change, or <see cref="MaxWriteInterval"/>
/// has passed. Every locator watches the prefix into its own snapshot, so a locate never waits on
/// etcd. When etcd cannot be reached, nothing expires (no deletion can be seen), the locator
/// answers from what it knows, and writes wait for etcd to return.
/// </summary>
internal sealed partial class EtcdClusterStore : IClusterStore, IHostedService
{
    /// <summary>A health change smaller than this is not worth a write: the reporting locator counts placements anyway.</summary>
    public const double HealthThreshold = 0.05;

    /// <summary>The longest a document goes unwritten while its cluster reports.</summary>
    public static readonly TimeSpan MaxWriteInterval = TimeSpan.FromSeconds(5);

    /// <summary>Every etcd call ends by then; a hung etcd is seen as down within it.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Puts in flight at once: etcd commits concurrent puts together, one disk sync for many.</summary>
    private const int Writers = 32;
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    private readonly EtcdClient _client;
    private readonly string _keyPrefix;
    private readonly long _leaseTtlSeconds;
    private readonly TimeSpan _lease;
    private readonly TimeSpan _keepAliveEvery;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, EtcdClusterRecord> _records = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _known = new(StringComparer.Ordinal);

    /// <summary>The lease each key is held by, as last read or watched: the one to share.</summary>
    private readonly ConcurrentDictionary<string, long> _keyLeases = new(StringComparer.Ordinal);
    private readonly Channel<EtcdClusterRecord> _pending = Channel.CreateUnbounded<EtcdClusterRecord>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _healthGate = new();
    private TaskCompletionSource _healthy = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _isHealthy;
    private volatile bool _loaded;
    private long _lastContact;
    private long _unhealthySince;
    private long _recoveredAt;
    private readonly ConcurrentDictionary<string, long> _expiring = new(StringComparer.Ordinal);
    private string? _problem = "connecting";
    private Task _background = Task.CompletedTask;
    private int _stopped;
    private int _disposed;

    public EtcdClusterStore(EtcdClient client, string prefix, TimeSpan lease, TimeProvider time, ILogger<EtcdClusterStore> logger)
    {
        _client = client;
        _keyPrefix = prefix + "clusters/";
        _lease = lease;
        _leaseTtlSeconds = Math.Max(1, (long)Math.Ceiling(lease.TotalSeconds));
        _keepAliveEvery = lease / 3;
        _time = time;
        _logger = logger;
    }

    public string Kind => "etcd";

    public bool KeepsLeases => true;

    public bool IsLoaded => _loaded;

    public StoreHealth Health => new(_isHealthy, Volatile.Read(ref _lastContact), _isHealthy ? null : _problem);

    public event Action<StoreChange>? Changed;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var stopping = _stopping.Token;
        var writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(() => WriteLoopAsync(stopping), CancellationToken.None));
        var keeper = new EtcdLeaseKeeper(_client, _keepAliveEvery, _time, LeasesToRenew, OnLeaseLost, MarkContact, MarkUnavailable, WaitHealthyAsync);
        _background = Task.WhenAll(
        [
            Task.Run(() => LoadAndWatchAsync(stopping), CancellationToken.None),
            Task.Run(() => ProbeLoopAsync(stopping), CancellationToken.None),
            Task.Run(() => keeper.RunAsync(stopping), CancellationToken.None),
            .. writers,
        ]);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        _pending.Writer.TryComplete();
        await _background.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public ValueTask<StoreWriteResult> WriteAsync(string clusterId, ClusterReport report, CancellationToken cancellationToken)
    {
        var record = _records.GetOrAdd(clusterId, id => new EtcdClusterRecord(id));
        lock (record)
        {
            if (record.Latest is { } latest && latest.Incarnation == report.Incarnation && latest.Seq > report.Seq)
            {
                return ValueTask.FromResult(StoreWriteResult.OutOfOrder(latest.Seq!.Value));
            }

            record.Latest = report;
            record.LatestAt = _time.GetTimestamp();
        }

        // This locator sees the report at once; the others when etcd has it.
        _known[clusterId] = 0;
        Changed?.Invoke(new StoreChange(clusterId, report));
        Enqueue(record);
        return ValueTask.FromResult(StoreWriteResult.Accepted());
    }

    public async ValueTask DeleteAsync(string clusterId, ClusterReport? ifCurrent, CancellationToken cancellationToken)
    {
        if (ifCurrent is not null)
        {
            // A sweep forgetting a long-expired cluster: etcd already deleted its key with the lease.
            if (!_records.TryGetValue(clusterId, out var stale) || ReferenceEquals(stale.Latest, ifCurrent) || stale.LeaseId == 0)
            {
                _records.TryRemove(clusterId, out _);
                _known.TryRemove(clusterId, out _);
                Changed?.Invoke(new StoreChange(clusterId, null));
            }

            return;
        }

        _records.TryRemove(clusterId, out var record);
        _known.TryRemove(clusterId, out _);
        Changed?.Invoke(new StoreChange(clusterId, null));
        try
        {
            // An empty value first tells the other locators the cluster left, rather than expired.
            var key = ByteString.CopyFromUtf8(_keyPrefix + clusterId);
            await _client.PutAsync(new PutRequest { Key = key, Value = ByteString.Empty, Lease = record?.LeaseId ?? 0 }, deadline: Deadline(), cancellationToken: cancellationToken);
            await _client.DeleteAsync(_keyPrefix + clusterId, deadline: Deadline(), cancellationToken: cancellationToken);
            if (record is { LeaseId: not 0 })
            {
                await _client.LeaseRevokeAsync(new LeaseRevokeRequest { ID = record.LeaseId }, deadline: Deadline(), cancellationToken: cancellationToken);
            }

            MarkContact();
        }
        catch (Exception ex) when (IsUnavailable(ex, cancellationToken))
        {
            // The key goes when its lease runs out: nobody renews it any more.
            MarkUnavailable(ex);
            Log.DeregistrationNotWritten(_logger, clusterId, _lease.TotalSeconds);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Registered both as the store and as a hosted service, so disposed twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync(CancellationToken.None);
        _stopping.Dispose();
    }

    private void Enqueue(EtcdClusterRecord record)
    {
        if (record.TryQueue())
        {
            _pending.Writer.TryWrite(record);
        }
    }

    private async Task WriteLoopAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var record in _pending.Reader.ReadAllAsync(stopping))
            {
                record.Dequeued();
                while (!stopping.IsCancellationRequested)
                {
                    await WaitHealthyAsync(stopping);
                    try
                    {
                        await WriteOnceAsync(record, stopping);
                        MarkContact();
                        break;
                    }
                    catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
                    {
                        // The lease ran out before the put (a shared lease whose other keepers all
                        // stopped, or an outage): etcd is fine, the write needs a lease of its own.
                        ForgetLease(record.LeaseId);
                    }
                    catch (Exception ex) when (IsUnavailable(ex, stopping))
                    {
                        MarkUnavailable(ex);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Grants the cluster a lease when it has none, and rewrites its document when it has moved enough.
    /// One writer at a time per cluster: a report arriving during a write queues the record again,
    /// and two writers granting at once would leave the key on a lease nobody renews.
    /// </summary>
    private async Task WriteOnceAsync(EtcdClusterRecord record, CancellationToken cancellationToken)
    {
        await record.Writing.WaitAsync(cancellationToken);
        try
        {
            await WriteLockedAsync(record, cancellationToken);
        }
        finally
        {
            record.Writing.Release();
        }
    }

    private async Task WriteLockedAsync(EtcdClusterRecord record, CancellationToken cancellationToken)
    {
        if (!_records.ContainsKey(record.ClusterId))
        {
            return;
        }

        var latest = record.Latest;
        var now = _time.GetTimestamp();
        if (record.LeaseId == 0)
        {
            // Another locator that this cluster reports to holds the key: keep its lease alive too,
            // rather than take the key onto a lease of this locator's only.
            if (_keyLeases.TryGetValue(record.ClusterId, out var shared) && shared != 0)
            {
                record.LeaseId = shared;
            }
            else
            {
                var lease = await _client.LeaseGrantAsync(new LeaseGrantRequest { TTL = _leaseTtlSeconds }, deadline: Deadline(), cancellationToken: cancellationToken);
                record.LeaseId = lease.ID;
            }

            record.Written = null;
        }

        var health = HealthModel.Of(latest);
        if (NeedsWrite(record, latest, health, now))
        {
            var value = JsonSerializer.SerializeToUtf8Bytes(latest, ProtocolJsonContext.Default.ClusterReport);
            await _client.PutAsync(
                new PutRequest { Key = ByteString.CopyFromUtf8(_keyPrefix + record.ClusterId), Value = ByteString.CopyFrom(value), Lease = record.LeaseId },
                deadline: Deadline(),
                cancellationToken: cancellationToken);
            record.Written = latest;
            record.WrittenHealth = health;
            record.WrittenAt = now;
        }
    }

    private bool NeedsWrite(EtcdClusterRecord record, ClusterReport latest, double health, long now) =>
        record.Written is not { } written
        || written.Incarnation != latest.Incarnation
        || written.State != latest.State
        || written.Zone != latest.Zone
        || !written.Endpoints!.SequenceEqual(latest.Endpoints!)
        || Math.Abs(health - record.WrittenHealth) > HealthThreshold
        || _time.GetElapsedTime(record.WrittenAt, now) >= MaxWriteInterval;

    /// <summary>
    /// The leases of the clusters still reporting here, and the lease each one's key is held by when
    /// another locator wrote it last: that locator may be dead. A silent cluster's leases are left to run out.
    /// </summary>
    private IEnumerable<long> LeasesToRenew()
    {
        foreach (var record in _records.Values)
        {
            if (_time.GetElapsedTime(record.LatestAt) >= _lease)
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
    private void OnLeaseLost(long leaseId)
    {
        ForgetLease(leaseId);
        foreach (var record in _records.Values)
        {
            if (record.LeaseId == leaseId)
            {
                record.LeaseId = 0;
                record.Written = null;
                Enqueue(record);
            }
        }
    }

    /// <summary>Stops offering <paramref name="leaseId"/> for sharing and takes it off every record that used it.</summary>
    private void ForgetLease(long leaseId)
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

    private async Task LoadAndWatchAsync(CancellationToken stopping)
    {
        long revision;
        while (true)
        {
            try
            {
                revision = await LoadAsync(stopping);
                MarkContact();
                _loaded = true;
                Log.Loaded(_logger, _known.Count);
                break;
            }
            catch (Exception ex) when (IsUnavailable(ex, stopping))
            {
                MarkUnavailable(ex);
                await Task.Delay(ProbeInterval, _time, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
        }

        var watcher = new EtcdPrefixWatcher(
            _client,
            _keyPrefix,
            ProbeInterval,
            _time,
            OnEventsAsync,
            async () => await LoadAsync(stopping) + 1,
            MarkContact,
            ex => MarkUnavailable(ex));
        await watcher.RunAsync(revision + 1, stopping);
    }

    /// <summary>Reads every cluster under the prefix into the registry; returns the revision read at.</summary>
    private async Task<long> LoadAsync(CancellationToken cancellationToken)
    {
        var range = await _client.GetRangeAsync(_keyPrefix, deadline: Deadline(), cancellationToken: cancellationToken);
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kv in range.Kvs)
        {
            var clusterId = kv.Key.ToStringUtf8()[_keyPrefix.Length..];
            if (!kv.Value.IsEmpty && Parse(clusterId, kv.Value) is { } report)
            {
                present.Add(clusterId);
                _keyLeases[clusterId] = kv.Lease;
                _known[clusterId] = 0;
                Changed?.Invoke(new StoreChange(clusterId, report));
            }
        }

        // After a compaction, what is gone was deleted while the watch could not see it.
        foreach (var clusterId in _known.Keys.Where(id => !present.Contains(id) && !_records.ContainsKey(id)).ToList())
        {
            Expire(clusterId);
        }

        return range.Header.Revision;
    }

    private ValueTask OnEventsAsync(IReadOnlyList<Mvccpb.Event> events)
    {
        foreach (var change in events)
        {
            var clusterId = change.Kv.Key.ToStringUtf8()[_keyPrefix.Length..];
            if (change.Type == Mvccpb.Event.Types.EventType.Put)
            {
                _expiring.TryRemove(clusterId, out _);
                if (change.Kv.Value.IsEmpty)
                {
                    // The deregistration marker: the cluster left.
                    _keyLeases.TryRemove(clusterId, out _);
                    if (_known.TryRemove(clusterId, out _))
                    {
                        Changed?.Invoke(new StoreChange(clusterId, null));
                    }
                }
                else if (Parse(clusterId, change.Kv.Value) is { } report)
                {
                    _keyLeases[clusterId] = change.Kv.Lease;
                    _known[clusterId] = 0;
                    Changed?.Invoke(new StoreChange(clusterId, report));
                }
            }
            else
            {
                _keyLeases.TryRemove(clusterId, out _);
                OnDeleted(clusterId);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>A key was deleted: its lease ran out, or the cluster was deregistered through another locator.</summary>
    private void OnDeleted(string clusterId)
    {
        if (_records.TryGetValue(clusterId, out var record) && _time.GetElapsedTime(record.LatestAt) < _lease)
        {
            // The key went with another locator's lease, but this cluster still reports here: put it back.
            record.Written = null;
            Enqueue(record);
        }
        else if (_time.GetElapsedTime(Volatile.Read(ref _recoveredAt)) < _lease * 2)
        {
            // Just after an outage etcd expires every lease it could not renew, including those
            // of clusters that reported throughout; their locators write them again within a
            // moment. Wait a lease before believing the deletion.
            _expiring[clusterId] = _time.GetTimestamp();
        }
        else
        {
            _records.TryRemove(clusterId, out _);
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

        Log.UnreadableKey(_logger, _keyPrefix + clusterId);
        return null;
    }

    private async Task ProbeLoopAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(ProbeInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                ExpireAfterGrace();
                if (_isHealthy && _time.GetElapsedTime(Volatile.Read(ref _lastContact)) < ProbeInterval)
                {
                    continue;
                }

                try
                {
                    // A linearizable read needs a quorum: it proves etcd can take writes.
                    await _client.GetAsync(_keyPrefix, deadline: Deadline(), cancellationToken: stopping);
                    MarkContact();
                }
                catch (Exception ex) when (IsUnavailable(ex, stopping))
                {
                    MarkUnavailable(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>Expires the clusters deleted just after an outage that nobody has written again within a lease.</summary>
    private void ExpireAfterGrace()
    {
        foreach (var (clusterId, deletedAt) in _expiring)
        {
            if (_time.GetElapsedTime(deletedAt) >= _lease && _expiring.TryRemove(new KeyValuePair<string, long>(clusterId, deletedAt)))
            {
                _records.TryRemove(clusterId, out _);
                Expire(clusterId);
            }
        }
    }

    private void MarkContact()
    {
        Volatile.Write(ref _lastContact, _time.GetTimestamp());
        if (_isHealthy)
        {
            return;
        }

        lock (_healthGate)
        {
            if (_isHealthy)
            {
                return;
            }

            _isHealthy = true;
            if (_unhealthySince != 0)
            {
                Volatile.Write(ref _recoveredAt, _time.GetTimestamp());
                Log.Recovered(_logger, _time.GetElapsedTime(_unhealthySince).TotalSeconds, _records.Count);
            }

            _healthy.TrySetResult();
        }

        // Leases may have run out and reports arrived meanwhile: write every reporting cluster again.
        foreach (var record in _records.Values)
        {
            Enqueue(record);
        }
    }

    private void MarkUnavailable(Exception ex)
    {
        lock (_healthGate)
        {
            _problem = Describe(ex);
            if (!_isHealthy && _unhealthySince != 0)
            {
                return;
            }

            _isHealthy = false;
            _unhealthySince = _time.GetTimestamp();
            _healthy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Log.Unavailable(_logger, _problem);
        }
    }

    private Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        if (_isHealthy)
        {
            return Task.CompletedTask;
        }

        lock (_healthGate)
        {
            return _isHealthy ? Task.CompletedTask : _healthy.Task.WaitAsync(cancellationToken);
        }
    }

    private static bool IsUnavailable(Exception ex, CancellationToken cancellationToken) =>
        ex is RpcException or IOException or HttpRequestException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static string Describe(Exception ex)
    {
        // gRPC flattens a refused TLS handshake into one line ("Internal: Error starting gRPC call.
        // HttpRequestException: The SSL connection could not be established, see inner exception.
        // AuthenticationException: The remote certificate is invalid …"): say what failed, and why.
        const string Refusal = "AuthenticationException: ";
        if (ex is RpcException { Status.Detail: var detail } && detail.LastIndexOf(Refusal, StringComparison.Ordinal) is var at and >= 0)
        {
            return $"the TLS handshake with etcd failed: {detail[(at + Refusal.Length)..]}";
        }

        return ex switch
        {
            RpcException { StatusCode: StatusCode.DeadlineExceeded } => $"no answer within {CallTimeout.TotalSeconds:0}s",
            RpcException rpc => $"{rpc.StatusCode}: {rpc.Status.Detail}",
            TimeoutException timeout => timeout.Message,
            _ => ex.Message,
        };
    }

    /// <summary>gRPC deadlines are wall-clock instants; they bound I/O, so they follow the real clock.</summary>
    private static DateTime Deadline() => TimeProvider.System.GetUtcNow().UtcDateTime + CallTimeout;
}
