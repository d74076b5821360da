using ClusterLocator.Locator.Limits;
using ClusterLocator.Protocol;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Registry;

/// <summary>
/// The locator's view of every cluster: accepts reports through the store, keeps leases on the
/// locator's own monotonic clock, and publishes the snapshot that locates read without locking.
/// </summary>
internal sealed partial class ClusterRegistry : IDisposable
{
    private readonly IClusterStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly long _leaseTicks;
    private readonly long _staleTicks;
    private readonly long _retentionTicks;
    private readonly Dictionary<string, string> _serviceOf = new(StringComparer.Ordinal);

    // New clusters whose first report is being written, by id, with their service: counted against
    // the limits until the store's change registers them, so that registrations racing each other
    // cannot pass a limit together.
    private readonly Dictionary<string, string> _admitting = new(StringComparer.Ordinal);
    private readonly RegistryLimit _maxClusters;
    private readonly RegistryLimit _maxServices;
    private readonly RegistryLimit _maxClustersPerService;
    private readonly Lock _gate = new();
    private readonly ITimer _sweeper;
    private RegistrySnapshot _snapshot = RegistrySnapshot.Empty;

    public ClusterRegistry(IClusterStore store, TimeProvider time, LocatorOptions options, ILogger<ClusterRegistry> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
        _leaseTicks = ToTicks(options.EffectiveLease);
        // A store that keeps the leases writes a report only when it has moved enough, so the age of
        // the report a locator last saw says little: what makes its view old is losing the store.
        _staleTicks = store.KeepsLeases ? long.MaxValue : ToTicks(options.StaleAfter);
        _retentionTicks = ToTicks(options.ExpiredRetention);
        _maxClusters = RegistryLimit.Clusters(options);
        _maxServices = RegistryLimit.Services(options);
        _maxClustersPerService = RegistryLimit.ClustersPerService(options);
        _store.Changed += OnStoreChanged;
        // Every report interval: an expiry is logged, and a long-expired cluster forgotten, within one interval.
        _sweeper = time.CreateTimer(_ => Sweep(), null, options.ReportInterval, options.ReportInterval);
    }

    public string StoreKind => _store.Kind;

    /// <summary>Whether the store can be reached; when it cannot, placements are answered as stale.</summary>
    public StoreHealth StoreHealth => _store.Health;

    /// <summary>Whether the store has been read, so this locator knows every cluster.</summary>
    public bool IsStoreLoaded => _store.IsLoaded;

    /// <summary>The current snapshot; a locate reads it once.</summary>
    public RegistrySnapshot Snapshot => Volatile.Read(ref _snapshot);

    public long Now => _time.GetTimestamp();

    /// <summary>
    /// Accepts a validated report unless it is older than the one stored, or it would register a new
    /// cluster past a limit (<see cref="LocatorOptions.MaxClusters"/>, <see cref="LocatorOptions.MaxServices"/>,
    /// <see cref="LocatorOptions.MaxClustersPerService"/>). A known cluster's reports are never
    /// refused by a limit: a full registry keeps serving the clusters it has.
    /// </summary>
    public async ValueTask<StoreWriteResult> ReportAsync(string clusterId, ClusterReport report, CancellationToken cancellationToken)
    {
        bool isNew;
        lock (_gate)
        {
            isNew = !_serviceOf.ContainsKey(clusterId) && !_admitting.ContainsKey(clusterId);
            if (isNew)
            {
                if (LimitReachedBy(report.Service!) is { } limit)
                {
                    return StoreWriteResult.LimitReached(limit);
                }

                _admitting.Add(clusterId, report.Service!);
            }
        }

        try
        {
            return await _store.WriteAsync(clusterId, report, cancellationToken);
        }
        finally
        {
            if (isNew)
            {
                lock (_gate)
                {
                    _admitting.Remove(clusterId);
                }
            }
        }
    }

    /// <summary>The limit one more cluster of <paramref name="service"/> would pass, or null; called under the gate.</summary>
    private RegistryLimit? LimitReachedBy(string service)
    {
        if (_serviceOf.Count + _admitting.Count >= _maxClusters.Value)
        {
            return _maxClusters;
        }

        var services = Snapshot.Services;
        var clusters = services.TryGetValue(service, out var holder) ? holder.Entries.Length : 0;
        clusters += _admitting.Values.Count(pending => pending == service);
        if (clusters >= _maxClustersPerService.Value)
        {
            return _maxClustersPerService;
        }

        var newServices = _admitting.Values.Where(pending => !services.ContainsKey(pending)).Distinct(StringComparer.Ordinal).Count();
        return clusters == 0 && services.Count + newServices >= _maxServices.Value ? _maxServices : null;
    }

    /// <summary>
    /// Forgets a cluster whose controller deregistered, if it is still the incarnation named: an old
    /// instance that drains late must not remove the instance that replaced it.
    /// </summary>
    public async ValueTask<RemoveResult> RemoveAsync(string clusterId, string incarnation, CancellationToken cancellationToken)
    {
        if (Find(clusterId) is not { } entry)
        {
            return RemoveResult.Unknown;
        }

        if (!string.Equals(entry.Report.Incarnation, incarnation, StringComparison.Ordinal))
        {
            return RemoveResult.OtherIncarnation(entry.Report.Incarnation!);
        }

        await _store.DeleteAsync(clusterId, ifCurrent: null, cancellationToken);
        return RemoveResult.Removed;
    }

    /// <summary>The entry of a known cluster in the current snapshot, or null.</summary>
    public ClusterEntry? Find(string clusterId) =>
        ServiceOf(clusterId) is { } service ? EntryOf(Snapshot.ClustersOf(service), clusterId) : null;

    private static ClusterEntry? EntryOf(ClusterEntry[] entries, string clusterId) =>
        ServiceClusters.SlotOf(entries, clusterId) is >= 0 and var slot ? entries[slot] : null;

    /// <summary>The service of a known cluster, or null.</summary>
    private string? ServiceOf(string clusterId)
    {
        lock (_gate)
        {
            return _serviceOf.GetValueOrDefault(clusterId);
        }
    }

    /// <summary>
    /// Whether a placement on <paramref name="entry"/> at <paramref name="now"/> is answered as stale:
    /// the cluster is still placed, but this locator cannot vouch that its report is current. That is
    /// when the report is older than <see cref="LocatorOptions.StaleAfter"/> (two reports missed), or
    /// when the store cannot be reached, so that no newer report could have been seen.
    /// </summary>
    public bool IsStale(ClusterEntry entry, long now) => now - entry.ReportedAt > _staleTicks || !_store.Health.Healthy;

    public TimeSpan Elapsed(long from, long to) => _time.GetElapsedTime(from, to);

    /// <summary>Forgets clusters whose lease ran out longer ago than the retention.</summary>
    internal void Sweep()
    {
        var now = Now;
        foreach (var entry in Snapshot.All.ToList())
        {
            if (!entry.IsAlive(now) && !entry.ExpiryLogged)
            {
                entry.ExpiryLogged = true;
                Log.ClusterExpired(_logger, entry.ClusterId, entry.Service, _time.GetElapsedTime(entry.ReportedAt, now).TotalSeconds);
            }

            if (now - entry.LeaseExpiresAt >= _retentionTicks)
            {
                Log.ClusterForgotten(_logger, entry.ClusterId, entry.Service);
                _ = _store.DeleteAsync(entry.ClusterId, entry.Report, CancellationToken.None).AsTask();
            }
        }
    }

    private void OnStoreChanged(StoreChange change)
    {
        lock (_gate)
        {
            var services = Snapshot.Services;
            Dictionary<string, ServiceClusters>? changed = null;
            var current = _serviceOf.TryGetValue(change.ClusterId, out var currentService)
                ? EntryOf(services[currentService].Entries, change.ClusterId)
                : null;

            if (change.Report is { } incoming && current is not null && IsOlder(incoming, current.Report))
            {
                // A shared store's watch can deliver this locator's own write after a newer report.
                return;
            }

            if (change.Report is { } echoed && current is not null && IsSame(echoed, current.Report) && current.IsAlive(Now))
            {
                // The watch echoing this locator's own write: the report the entry already holds. A new
                // entry would forget the sessions placed since the report, which the hot path counts on
                // this one. An expired entry is replaced: its key was written again, so it lives.
                return;
            }

            if (change.Report is null && change.Expired)
            {
                var now = Now;
                if (current is not null && current.IsAlive(now))
                {
                    var holder = services[currentService!];
                    holder.Replace(ServiceClusters.SlotOf(holder.Entries, change.ClusterId), current.ExpiredAt(now), now);
                }

                return;
            }

            if (_serviceOf.Remove(change.ClusterId, out var oldService)
                && (change.Report is null || change.Report.Service != oldService))
            {
                var holder = services[oldService];
                var remaining = Array.FindAll(holder.Entries, e => e.ClusterId != change.ClusterId);
                if (remaining.Length == 0)
                {
                    changed = new Dictionary<string, ServiceClusters>(services, StringComparer.Ordinal);
                    changed.Remove(oldService);
                }

                holder.Publish(remaining, Now);
            }

            if (change.Report is { } report)
            {
                var now = Now;
                // A store that keeps leases expires the cluster itself, and says so.
                var entry = new ClusterEntry(change.ClusterId, report, now, _store.KeepsLeases ? long.MaxValue : now + _leaseTicks);
                var map = changed ?? services;
                if (!map.TryGetValue(entry.Service, out var holder))
                {
                    changed ??= new Dictionary<string, ServiceClusters>(services, StringComparer.Ordinal);
                    holder = new ServiceClusters();
                    changed[entry.Service] = holder;
                }

                if (oldService is null)
                {
                    Log.ClusterRegistered(_logger, change.ClusterId, entry.Service, report.Incarnation!);
                }

                // A known cluster's report replaces its entry in place: at 10 000 clusters reporting every
                // second, copying the array for each would cost more than all the locates.
                var slot = ServiceClusters.SlotOf(holder.Entries, entry.ClusterId);
                if (slot >= 0)
                {
                    holder.Replace(slot, entry, now);
                }
                else
                {
                    holder.Publish(WithEntry(holder.Entries, entry, ~slot), now);
                }
                _serviceOf[change.ClusterId] = entry.Service;
                _admitting.Remove(change.ClusterId);
            }
            else if (oldService is not null)
            {
                Log.ClusterRemoved(_logger, change.ClusterId, oldService);
            }

            if (changed is not null)
            {
                Volatile.Write(ref _snapshot, new RegistrySnapshot(changed));
            }
        }
    }

    private static bool IsOlder(ClusterReport incoming, ClusterReport current) =>
        incoming.Incarnation == current.Incarnation && incoming.Seq < current.Seq;

    /// <summary>
    /// The report the entry holds, arrived again (a shared store's watch delivering this locator's own
    /// write): same incarnation, seq and content. The store takes an equal seq with other content in
    /// place of the one it held, so the registry replaces the entry for it, as for a newer report.
    /// </summary>
    private static bool IsSame(ClusterReport incoming, ClusterReport current) =>
        ReferenceEquals(incoming, current)
        || (incoming.Seq == current.Seq
            && incoming.Incarnation == current.Incarnation
            && (incoming with { Endpoints = current.Endpoints }) == current
            && incoming.Endpoints!.SequenceEqual(current.Endpoints!));

    /// <summary>A copy of <paramref name="entries"/> (ordered by id) with <paramref name="entry"/> put in at <paramref name="index"/>.</summary>
    private static ClusterEntry[] WithEntry(ClusterEntry[] entries, ClusterEntry entry, int index)
    {
        var result = new ClusterEntry[entries.Length + 1];
        Array.Copy(entries, result, index);
        result[index] = entry;
        Array.Copy(entries, index, result, index + 1, entries.Length - index);
        return result;
    }

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    public void Dispose()
    {
        _sweeper.Dispose();
        _store.Changed -= OnStoreChanged;
    }
}
