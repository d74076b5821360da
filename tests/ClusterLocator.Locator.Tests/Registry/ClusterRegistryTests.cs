using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Locator.Tests.Registry;

public sealed class ClusterRegistryTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly MemoryClusterStore _store = new();
    private readonly ClusterRegistry _registry;

    public ClusterRegistryTests()
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
    public void Snapshot_Initially_IsEmpty()
    {
        Assert.Empty(_registry.Snapshot.All);
        Assert.Empty(_registry.Snapshot.ClustersOf("erp"));
        Assert.Equal("memory", _registry.StoreKind);
    }

    [Fact]
    public async Task Report_NewCluster_ShowsInSnapshot()
    {
        var report = Reports.Create(sessions: 100, zone: "eu-1");

        var result = await Report("a", report);

        Assert.True(result.IsAccepted);
        var entry = Assert.Single(_registry.Snapshot.ClustersOf("erp"));
        Assert.Equal("a", entry.ClusterId);
        Assert.Same(report, entry.Report);
        Assert.Equal("eu-1", entry.Zone);
        Assert.Equal(0.9, entry.Health, 12);
        Assert.Same(entry, _registry.Snapshot.Find("a"));
        Assert.Contains("erp", _registry.Snapshot.Services.Keys);
    }

    [Fact]
    public async Task Report_SeveralClusters_AreOrderedById()
    {
        await Report("c", Reports.Create());
        await Report("a", Reports.Create());
        await Report("b", Reports.Create());

        Assert.Equal(new[] { "a", "b", "c" }, IdsOf("erp"));
    }

    [Fact]
    public async Task Report_PublishesANewArray_LeavingTheOldOneAsItWas()
    {
        await Report("a", Reports.Create());
        var before = _registry.Snapshot.ClustersOf("erp");

        await Report("b", Reports.Create());
        await Report("a", Reports.Create(seq: 2, sessions: 500));

        Assert.Single(before);
        Assert.Equal(1, before[0].Report.Seq);
        Assert.Equal(2, _registry.Snapshot.ClustersOf("erp").Length);
    }

    [Fact]
    public async Task Report_OlderSeq_IsOutOfOrderAndChangesNothing()
    {
        await Report("a", Reports.Create(seq: 5, sessions: 100));
        var entry = _registry.Snapshot.Find("a")!;
        entry.RecordPlacement();

        var result = await Report("a", Reports.Create(seq: 4, sessions: 900));

        Assert.False(result.IsAccepted);
        Assert.Equal(5, result.CurrentSeq);
        Assert.Same(entry, _registry.Snapshot.Find("a"));
        Assert.Equal(100, entry.Sessions);
        Assert.Equal(1, entry.Placed);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public async Task Report_EqualOrNewerSeq_IsAccepted(long seq)
    {
        await Report("a", Reports.Create(seq: 5, sessions: 100));

        var result = await Report("a", Reports.Create(seq: seq, sessions: 300));

        Assert.True(result.IsAccepted);
        Assert.Equal(300, _registry.Snapshot.Find("a")!.Sessions);
        Assert.Single(_registry.Snapshot.ClustersOf("erp"));
    }

    [Fact]
    public async Task Report_NewIncarnationWithLowerSeq_ReplacesTheState()
    {
        await Report("a", Reports.Create(seq: 100, incarnation: "run-1", sessions: 100));

        var result = await Report("a", Reports.Create(seq: 1, incarnation: "run-2", sessions: 0));

        Assert.True(result.IsAccepted);
        var entry = _registry.Snapshot.Find("a")!;
        Assert.Equal("run-2", entry.Report.Incarnation);
        Assert.Equal(0, entry.Sessions);
    }

    [Fact]
    public async Task Report_ServiceChanged_MovesTheClusterBetweenServices()
    {
        await Report("a", Reports.Create(service: "erp"));
        await Report("b", Reports.Create(service: "erp"));

        await Report("a", Reports.Create(service: "crm", seq: 2));

        Assert.Equal(new[] { "b" }, IdsOf("erp"));
        Assert.Equal(new[] { "a" }, IdsOf("crm"));
        Assert.Equal("crm", _registry.Snapshot.Find("a")!.Service);
        Assert.Equal(2, _registry.Snapshot.All.Count());
    }

    [Fact]
    public async Task Report_LastClusterOfServiceMoves_RemovesTheService()
    {
        await Report("a", Reports.Create(service: "erp"));

        await Report("a", Reports.Create(service: "crm", seq: 2));

        Assert.Equal(new[] { "crm" }, _registry.Snapshot.Services.Keys.ToArray());
        Assert.Empty(_registry.Snapshot.ClustersOf("erp"));
        Assert.Single(_registry.Snapshot.All);
    }

    [Fact]
    public async Task Report_ServiceMovesBack_ClusterIsOnlyInTheLatest()
    {
        await Report("a", Reports.Create(service: "erp"));
        await Report("a", Reports.Create(service: "crm", seq: 2));

        await Report("a", Reports.Create(service: "erp", seq: 3));

        Assert.Equal(new[] { "a" }, IdsOf("erp"));
        Assert.Empty(IdsOf("crm"));
        Assert.Single(_registry.Snapshot.All);
    }

    [Fact]
    public async Task RemoveAsync_KnownCluster_RemovesItAndItsService()
    {
        await Report("a", Reports.Create());

        Assert.Equal(RemoveResult.Removed, await _registry.RemoveAsync("a", "inc-1", CancellationToken.None).DefaultTimeout());

        Assert.Null(_registry.Snapshot.Find("a"));
        Assert.Empty(_registry.Snapshot.ClustersOf("erp"));
        Assert.Empty(_registry.Snapshot.Services);
    }

    [Fact]
    public async Task RemoveAsync_OneOfTwo_KeepsTheOther()
    {
        await Report("a", Reports.Create());
        await Report("b", Reports.Create());

        await _registry.RemoveAsync("a", "inc-1", CancellationToken.None).DefaultTimeout();

        Assert.Equal(new[] { "b" }, IdsOf("erp"));
    }

    [Fact]
    public async Task RemoveAsync_UnknownCluster_ChangesNothing()
    {
        await Report("a", Reports.Create());

        Assert.Equal(RemoveResult.Unknown, await _registry.RemoveAsync("zz", "inc-1", CancellationToken.None).DefaultTimeout());

        Assert.Equal(new[] { "a" }, IdsOf("erp"));
    }

    [Fact]
    public async Task RemoveAsync_AnOlderIncarnation_KeepsTheClusterThatReplacedIt()
    {
        await Report("a", Reports.Create(incarnation: "inc-1"));
        await Report("a", Reports.Create(incarnation: "inc-2"));

        var result = await _registry.RemoveAsync("a", "inc-1", CancellationToken.None).DefaultTimeout();

        Assert.Equal(RemoveOutcome.OtherIncarnation, result.Outcome);
        Assert.Equal("inc-2", result.CurrentIncarnation);
        Assert.Equal(new[] { "a" }, IdsOf("erp"));
    }

    [Fact]
    public async Task Report_New_ResetsThePlacedCounter()
    {
        await Report("a", Reports.Create(seq: 1, capacity: 100));
        var first = _registry.Snapshot.Find("a")!;
        first.RecordPlacement();
        first.RecordPlacement();
        Assert.Equal(0.98, first.Health, 12);

        await Report("a", Reports.Create(seq: 2, capacity: 100, sessions: 2));

        var second = _registry.Snapshot.Find("a")!;
        Assert.Equal(0, second.Placed);
        Assert.Equal(0.98, second.Health, 12);
    }

    [Fact]
    public async Task Dispose_StopsFollowingTheStore()
    {
        _registry.Dispose();

        await _store.WriteAsync("a", Reports.Create(), CancellationToken.None).DefaultTimeout();

        Assert.Empty(_registry.Snapshot.All);
    }

    [Fact]
    public async Task Report_DrainingState_IsKeptOnTheEntry()
    {
        await Report("a", Reports.Create(state: ClusterStates.Draining));

        Assert.True(_registry.Snapshot.Find("a")!.Draining);
    }
}
