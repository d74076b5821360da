using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Locator.Tests.Registry;

/// <summary>The registry over a store that keeps the leases (etcd): the store, not the locator's clock, expires clusters.</summary>
public sealed class ClusterRegistryLeaseKeepingStoreTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly LeaseKeepingClusterStore _store = new();
    private readonly ClusterRegistry _registry;

    public ClusterRegistryLeaseKeepingStoreTests()
    {
        // On the memory store: lease 3 s, stale after 2 s, forgotten 10 s after expiry; sweeps every second.
        var options = new LocatorOptions { ReportInterval = TimeSpan.FromSeconds(1), ExpiredRetention = TimeSpan.FromSeconds(10) };
        _registry = new ClusterRegistry(_store, _time, options, NullLogger<ClusterRegistry>.Instance);
    }

    public void Dispose() => _registry.Dispose();

    [Fact]
    public async Task Lease_StoreKeepsLeases_EntryNeverExpiresOrGoesStaleOnTheLocatorsClock()
    {
        await _registry.ReportAsync("a", Reports.Create(), CancellationToken.None).DefaultTimeout();

        // An etcd outage: no report can be seen, and sweeps run all along.
        _time.Advance(TimeSpan.FromHours(1));

        var entry = _registry.Snapshot.Find("a");
        Assert.NotNull(entry);
        Assert.True(entry.IsAlive(_registry.Now), "The registry expired a cluster on its own clock although the store keeps the leases.");
        Assert.False(_registry.IsStale(entry, _registry.Now), "The registry aged a report on its own clock although the store keeps the leases.");
        Assert.Empty(_store.Deleted);
    }

    [Fact]
    public async Task IsStale_WhileTheStoreCannotBeReached_HoweverRecentTheReport()
    {
        await _registry.ReportAsync("a", Reports.Create(), CancellationToken.None).DefaultTimeout();
        var entry = _registry.Snapshot.Find("a")!;
        Assert.False(_registry.IsStale(entry, _registry.Now));

        _store.Health = new StoreHealth(false, 0, "etcd is down");
        Assert.True(_registry.IsStale(entry, _registry.Now), "A placement made while the store cannot be reached must say it may be out of date.");

        _store.Health = new StoreHealth(true, _registry.Now, null);
        Assert.False(_registry.IsStale(entry, _registry.Now));
    }

    [Fact]
    public async Task StoreChange_Expired_MarksTheClusterExpired_AndTheSweeperForgetsItAfterTheRetention()
    {
        await _registry.ReportAsync("a", Reports.Create(), CancellationToken.None).DefaultTimeout();
        _time.Advance(TimeSpan.FromSeconds(5));

        _store.Deliver(new StoreChange("a", null, Expired: true));

        var expired = _registry.Snapshot.Find("a");
        Assert.NotNull(expired);
        Assert.False(expired.IsAlive(_registry.Now));
        Assert.Equal(["a"], _registry.Snapshot.ClustersOf("erp").Select(e => e.ClusterId));

        // Sweeps at 1 … 9 s after the expiry keep it listed; the one at 10 s forgets it.
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.NotNull(_registry.Snapshot.Find("a"));
        Assert.Empty(_store.Deleted);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(_registry.Snapshot.Find("a"));
        Assert.Equal(["a"], _store.Deleted);
        Assert.Empty(_registry.Snapshot.Services);
    }

    [Fact]
    public void StoreChange_OlderReportDeliveredAfterANewerOne_IsIgnored()
    {
        _store.Deliver(new StoreChange("a", Reports.Create(seq: 2, sessions: 20)));

        // The watch delivers this locator's own earlier write after the newer report.
        _store.Deliver(new StoreChange("a", Reports.Create(seq: 1, sessions: 10)));

        Assert.Equal(2, _registry.Snapshot.Find("a")!.Report.Seq);
        Assert.Equal(20, _registry.Snapshot.Find("a")!.Sessions);
    }

    [Fact]
    public void StoreChange_NewIncarnationWithALowerSeq_IsTaken()
    {
        _store.Deliver(new StoreChange("a", Reports.Create(seq: 9, incarnation: "inc-1")));

        // The controller restarted: its seq starts again.
        _store.Deliver(new StoreChange("a", Reports.Create(seq: 1, incarnation: "inc-2")));

        Assert.Equal("inc-2", _registry.Snapshot.Find("a")!.Report.Incarnation);
    }
}
