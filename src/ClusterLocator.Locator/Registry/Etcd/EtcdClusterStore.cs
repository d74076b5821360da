using ClusterLocator.Protocol;
using ClusterLocator.Protocol.Supervision;
using Microsoft.Extensions.Hosting;

namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>
/// The shared store: every cluster is one key under the prefix, held by an etcd lease that this
/// locator keeps alive while the cluster reports to it. A report is applied here at once and written
/// to etcd when it has moved enough (<see cref="EtcdDocumentWriter"/>); the leases are renewed on one
/// stream (<see cref="EtcdLeaseKeeper"/>); every locator watches the prefix into its own snapshot
/// (<see cref="EtcdPrefixWatcher"/>, <see cref="EtcdChangeProjection"/>), so a locate never waits on
/// etcd. All of them report to one <see cref="EtcdConnectivity"/>. When etcd cannot be reached,
/// nothing expires (no deletion can be seen), the locator answers from what it knows, and writes wait
/// for etcd to return. Every part runs under the <see cref="TaskSupervisor"/>: one that throws what it
/// did not expect is logged, counted and restarted, and the locator is not ready meanwhile.
/// </summary>
internal sealed class EtcdClusterStore(
    EtcdClusterRecords records,
    EtcdConnectivity connectivity,
    EtcdChangeProjection projection,
    EtcdDocumentWriter writer,
    EtcdPrefixWatcher watcher,
    EtcdLeaseKeeper keeper,
    EtcdProbe probe,
    TaskSupervisor supervisor,
    TimeProvider time) : IClusterStore, IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _background = Task.CompletedTask;
    private int _stopped;
    private int _disposed;

    public string Kind => "etcd";

    public bool KeepsLeases => true;

    public bool IsLoaded => watcher.IsLoaded;

    public StoreHealth Health => connectivity.Health;

    public event Action<StoreChange>? Changed
    {
        add => projection.Changed += value;
        remove => projection.Changed -= value;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var stopping = _stopping.Token;
        var writers = Enumerable.Range(0, EtcdDocumentWriter.Writers).Select(_ => supervisor.Start("etcd-writer", writer.WriteLoopAsync, stopping));
        _background = Task.WhenAll(
            [
                supervisor.Start("etcd-watch", watcher.RunAsync, stopping),
                supervisor.Start("etcd-probe", probe.RunAsync, stopping),
                supervisor.Start("etcd-expiry", projection.RunAsync, stopping),
                supervisor.Start("etcd-lease-keeper", keeper.RunAsync, stopping),
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
        records.Complete();
        await _background.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public ValueTask<StoreWriteResult> WriteAsync(string clusterId, ClusterReport report, CancellationToken cancellationToken)
    {
        if (connectivity.WriteProblem is { } problem)
        {
            // The cluster still reports: keep its lease alive, so that it stays placed on what is known.
            if (records.TryGet(clusterId, out var reporting))
            {
                lock (reporting)
                {
                    reporting.LatestAt = time.GetTimestamp();
                }
            }

            return ValueTask.FromResult(StoreWriteResult.Refused(problem));
        }

        var record = records.GetOrAdd(clusterId);
        lock (record)
        {
            if (record.Latest is { } latest && latest.Incarnation == report.Incarnation && latest.Seq > report.Seq)
            {
                return ValueTask.FromResult(StoreWriteResult.OutOfOrder(latest.Seq!.Value));
            }

            record.Latest = report;
            record.LatestAt = time.GetTimestamp();
        }

        projection.Accepted(clusterId, report);
        records.Queue(record);
        return ValueTask.FromResult(StoreWriteResult.Accepted());
    }

    public async ValueTask DeleteAsync(string clusterId, ClusterReport? ifCurrent, CancellationToken cancellationToken)
    {
        if (ifCurrent is not null)
        {
            // A sweep forgetting a long-expired cluster: etcd already deleted its key with the lease.
            if (!records.TryGet(clusterId, out var stale) || ReferenceEquals(stale.Latest, ifCurrent) || stale.LeaseId == 0)
            {
                records.TryRemove(clusterId, out _);
                projection.Removed(clusterId);
            }

            return;
        }

        records.TryRemove(clusterId, out var record);
        projection.Removed(clusterId);
        await writer.DeregisterAsync(clusterId, record, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        // Registered as itself and as the IClusterStore, so the container disposes it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync(CancellationToken.None);
        _stopping.Dispose();
    }
}
