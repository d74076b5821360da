using ClusterLocator.Locator.Registry;
using ClusterLocator.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Locator.Tests.Registry;

/// <summary>
/// The registry over a shared store whose watch delivers this locator's own writes again (etcd):
/// the same incarnation, seq and content is the same report, and keeps the entry's accounting; a
/// newer seq is a new report, and starts it again.
/// </summary>
public sealed class ClusterRegistryWatchEchoTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly LeaseKeepingClusterStore _store = new();
    private readonly ClusterRegistry _registry;

    public ClusterRegistryWatchEchoTests()
    {
        var options = new LocatorOptions { ReportInterval = TimeSpan.FromSeconds(1), ExpiredRetention = TimeSpan.FromSeconds(10) };
        _registry = new ClusterRegistry(_store, _time, options, NullLogger<ClusterRegistry>.Instance);
    }

    public void Dispose() => _registry.Dispose();

    [Fact]
    public async Task StoreChange_EchoOfTheSameReport_KeepsTheEntryAndItsPlacedCount()
    {
        var entry = await ReportAndPlaceAsync(seq: 1, placements: 3);

        // The watch delivers the write parsed back from the store: an equal report, not the same object.
        _store.Deliver(new StoreChange("a", Reports.Create(seq: 1)));

        var after = _registry.Snapshot.Find("a");
        Assert.NotNull(after);
        Assert.Same(entry, after);
        Assert.Equal(3, after.Placed);
    }

    [Fact]
    public async Task StoreChange_NewerSeq_StartsThePlacedCountAgain()
    {
        await ReportAndPlaceAsync(seq: 1, placements: 3);

        _store.Deliver(new StoreChange("a", Reports.Create(seq: 2, sessions: 3)));

        var after = _registry.Snapshot.Find("a");
        Assert.Equal(2, after?.Report.Seq);
        Assert.Equal(0, after?.Placed);
        Assert.Equal(3, after?.Sessions);
    }

    [Fact]
    public async Task StoreChange_SameSeqWithOtherContent_ReplacesTheEntryAsTheStoreDid()
    {
        await ReportAndPlaceAsync(seq: 1, placements: 3);

        _store.Deliver(new StoreChange("a", Reports.Create(seq: 1, sessions: 7)));

        var after = _registry.Snapshot.Find("a");
        Assert.Equal(7, after?.Sessions);
        Assert.Equal(0, after?.Placed);
    }

    [Fact]
    public async Task StoreChange_SameSeqOfANewIncarnation_IsANewReport()
    {
        await ReportAndPlaceAsync(seq: 1, placements: 3);

        _store.Deliver(new StoreChange("a", Reports.Create(seq: 1, incarnation: "inc-2")));

        var after = _registry.Snapshot.Find("a");
        Assert.Equal("inc-2", after?.Report.Incarnation);
        Assert.Equal(0, after?.Placed);
    }

    [Fact]
    public async Task StoreChange_SameReportAfterTheStoreExpiredIt_MakesTheClusterAliveAgain()
    {
        await ReportAndPlaceAsync(seq: 1, placements: 0);
        _store.Deliver(new StoreChange("a", null, Expired: true));
        Assert.False(_registry.Snapshot.Find("a")?.IsAlive(_registry.Now));

        // The locator the cluster reports to writes the key again after an outage, with the report it holds.
        _store.Deliver(new StoreChange("a", Reports.Create(seq: 1)));

        Assert.True(_registry.Snapshot.Find("a")?.IsAlive(_registry.Now), "A report written again after the store expired the cluster must bring it back.");
    }

    private async Task<ClusterEntry> ReportAndPlaceAsync(long seq, int placements)
    {
        await _registry.ReportAsync("a", Reports.Create(seq: seq), CancellationToken.None).DefaultTimeout();
        var entry = _registry.Snapshot.Find("a")!;
        for (var i = 0; i < placements; i++)
        {
            entry.RecordPlacement();
        }

        Assert.Equal(placements, entry.Placed);
        return entry;
    }
}
