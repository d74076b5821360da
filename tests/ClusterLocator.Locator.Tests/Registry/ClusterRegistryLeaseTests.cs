using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Locator.Tests.Registry;

/// <summary>Leases on the locator's clock, the stale time and the sweeper that forgets expired clusters.</summary>
public sealed class ClusterRegistryLeaseTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly MemoryClusterStore _store = new();
    private readonly ClusterRegistry _registry;

    public ClusterRegistryLeaseTests()
    {
        // Lease 3 s (3 × 1 s), stale after 2 s, forgotten 10 s after the lease ran out.
        var options = new LocatorOptions { ReportInterval = TimeSpan.FromSeconds(1), ExpiredRetention = TimeSpan.FromSeconds(10) };
        _registry = new ClusterRegistry(_store, _time, options, NullLogger<ClusterRegistry>.Instance);
    }

    public void Dispose() => _registry.Dispose();

    private async Task<StoreWriteResult> Report(string id, ClusterReport report) =>
        await _registry.ReportAsync(id, report, CancellationToken.None).DefaultTimeout();

    private string[] IdsOf(string service) => [.. _registry.Snapshot.ClustersOf(service).Select(e => e.ClusterId)];

    [Fact]
    public async Task Lease_EndsAfterEffectiveLease()
    {
        await Report("a", Reports.Create());
        var entry = _registry.Snapshot.Find("a")!;

        _time.Advance(TimeSpan.FromSeconds(3) - TimeSpan.FromTicks(1));
        Assert.True(entry.IsAlive(_registry.Now));

        _time.Advance(TimeSpan.FromTicks(1));
        Assert.False(entry.IsAlive(_registry.Now));
    }

    [Fact]
    public async Task Lease_ExplicitLeaseOption_IsUsed()
    {
        using var registry = new ClusterRegistry(new MemoryClusterStore(), _time, new LocatorOptions { Lease = TimeSpan.FromSeconds(10) }, NullLogger<ClusterRegistry>.Instance);
        await registry.ReportAsync("a", Reports.Create(), CancellationToken.None).DefaultTimeout();

        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.True(registry.Snapshot.Find("a")!.IsAlive(registry.Now));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(registry.Snapshot.Find("a")!.IsAlive(registry.Now));
    }

    [Fact]
    public async Task Lease_NewReport_RenewsIt()
    {
        await Report("a", Reports.Create(seq: 1));
        _time.Advance(TimeSpan.FromSeconds(2));

        await Report("a", Reports.Create(seq: 2));
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.True(_registry.Snapshot.Find("a")!.IsAlive(_registry.Now));
    }

    [Fact]
    public async Task Lease_OutOfOrderReport_DoesNotRenewIt()
    {
        await Report("a", Reports.Create(seq: 2));
        _time.Advance(TimeSpan.FromSeconds(2));

        await Report("a", Reports.Create(seq: 1));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(_registry.Snapshot.Find("a")!.IsAlive(_registry.Now));
    }

    [Fact]
    public async Task Report_StaleAfterTwoIntervals()
    {
        await Report("a", Reports.Create());
        var entry = _registry.Snapshot.Find("a")!;

        Assert.Equal(_registry.Now, entry.ReportedAt);
        Assert.Equal(TimeSpan.FromSeconds(3), _registry.Elapsed(entry.ReportedAt, entry.LeaseExpiresAt));

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(_registry.IsStale(entry, _registry.Now));

        _time.Advance(TimeSpan.FromTicks(1));
        Assert.True(_registry.IsStale(entry, _registry.Now));
        Assert.Equal(Eligibility.Eligible, entry.StateAt(_registry.Now).Eligibility);
    }

    [Fact]
    public async Task IsStale_AfterANewReport_IsFreshAgain()
    {
        await Report("a", Reports.Create(seq: 1));
        _time.Advance(TimeSpan.FromMilliseconds(2500));
        Assert.True(_registry.IsStale(_registry.Snapshot.Find("a")!, _registry.Now));

        await Report("a", Reports.Create(seq: 2));

        Assert.False(_registry.IsStale(_registry.Snapshot.Find("a")!, _registry.Now));
    }

    [Fact]
    public async Task Sweeper_ForgetsAClusterExpiredLongerThanTheRetention()
    {
        await Report("a", Reports.Create());
        await Report("b", Reports.Create(service: "crm"));

        // The lease ends at 3 s; the sweep at 12 s finds it expired 9 s, less than 10 s.
        _time.Advance(TimeSpan.FromSeconds(12));
        Assert.NotNull(_registry.Snapshot.Find("a"));
        Assert.False(_registry.Snapshot.Find("a")!.IsAlive(_registry.Now));

        // The sweep at 15 s finds it expired 12 s.
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Null(_registry.Snapshot.Find("a"));
        Assert.Null(_registry.Snapshot.Find("b"));
        Assert.Empty(_registry.Snapshot.All);
        Assert.Empty(_registry.Snapshot.Services);
    }

    [Fact]
    public async Task Sweeper_KeepsAClusterThatReportedAgain()
    {
        await Report("a", Reports.Create(seq: 1));
        await Report("b", Reports.Create(seq: 1));
        _time.Advance(TimeSpan.FromSeconds(12));

        await Report("a", Reports.Create(seq: 2));
        _time.Advance(TimeSpan.FromSeconds(12));

        // b expired at 3 s and is gone; a expired again at 15 s, only 9 s before the sweep at 24 s.
        Assert.Equal(new[] { "a" }, IdsOf("erp"));
        Assert.Equal(2, _registry.Snapshot.Find("a")!.Report.Seq);
    }

    [Fact]
    public async Task Sweep_AliveCluster_IsKept()
    {
        await Report("a", Reports.Create());

        _registry.Sweep();

        Assert.NotNull(_registry.Snapshot.Find("a"));
    }

    [Fact]
    public async Task Report_AfterBeingForgotten_RegistersAgain()
    {
        await Report("a", Reports.Create(seq: 5));
        _time.Advance(TimeSpan.FromSeconds(15));
        Assert.Null(_registry.Snapshot.Find("a"));

        Assert.True((await Report("a", Reports.Create(seq: 6))).IsAccepted);
        Assert.True(_registry.Snapshot.Find("a")!.IsAlive(_registry.Now));
    }

    [Fact]
    public async Task Sweep_ExpiredCluster_IsLoggedOnceWithinAnInterval()
    {
        var logger = new ListLogger<ClusterRegistry>();
        using var registry = new ClusterRegistry(new MemoryClusterStore(), _time, new LocatorOptions(), logger);
        await registry.ReportAsync("a", Reports.Create(), CancellationToken.None).DefaultTimeout();

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain(logger.Entries, e => e.Id.Name == "ClusterExpired");

        // The lease ends at 3 s; the sweep that notices it runs by 4 s, and later sweeps stay quiet.
        _time.Advance(TimeSpan.FromSeconds(2));
        _time.Advance(TimeSpan.FromSeconds(5));

        var expired = Assert.Single(logger.Entries, e => e.Id.Name == "ClusterExpired");
        Assert.Contains("Cluster 'a' of service 'erp' expired", expired.Message, StringComparison.Ordinal);
    }
}
