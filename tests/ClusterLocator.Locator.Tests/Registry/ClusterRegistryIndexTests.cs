using ClusterLocator.Locator.Placement;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Locator.Tests.Registry;

/// <summary>The registry keeps each service's decision index current: reports in place, joins and expiries.</summary>
public sealed class ClusterRegistryIndexTests : IDisposable
{
    private static readonly LocateRequest Erp = new() { Service = "erp" };

    private readonly FakeTimeProvider _time = new();
    private readonly ClusterRegistry _registry;
    private readonly ClusterSelector _selector = new(new BestHealthPolicy(new Random(7)));

    public ClusterRegistryIndexTests()
    {
        // Lease 3 s (3 × 1 s).
        var options = new LocatorOptions { ReportInterval = TimeSpan.FromSeconds(1), ExpiredRetention = TimeSpan.FromSeconds(10) };
        _registry = new ClusterRegistry(new MemoryClusterStore(), _time, options, NullLogger<ClusterRegistry>.Instance);
    }

    public void Dispose() => _registry.Dispose();

    private async Task Report(string id, int sessions, long seq = 1) =>
        Assert.True((await _registry.ReportAsync(id, Reports.Create(sessions: sessions, seq: seq), CancellationToken.None).DefaultTimeout()).IsAccepted);

    private string? Locate() => _selector.Select(_registry.Snapshot.IndexOf("erp"), Erp, _registry.Now, recordPlacement: false).Cluster?.ClusterId;

    [Fact]
    public async Task Report_KnownCluster_UpdatesTheSameIndexInPlace()
    {
        await Report("a", sessions: 100);
        await Report("b", sessions: 500);
        await Report("c", sessions: 900);
        var index = _registry.Snapshot.IndexOf("erp");
        Assert.Equal("a", Locate());

        await Report("a", sessions: 1000, seq: 2);

        Assert.Same(index, _registry.Snapshot.IndexOf("erp"));
        Assert.Equal("b", Locate());
        Assert.Equal(1000, index.Entries[0].Sessions);
    }

    [Fact]
    public async Task Report_NewCluster_PublishesAnIndexWithIt()
    {
        await Report("b", sessions: 500);
        var index = _registry.Snapshot.IndexOf("erp");

        await Report("a", sessions: 0);

        Assert.NotSame(index, _registry.Snapshot.IndexOf("erp"));
        Assert.Equal(["a", "b"], _registry.Snapshot.IndexOf("erp").Entries.Select(e => e.ClusterId));
        Assert.Equal("a", Locate());
    }

    [Fact]
    public async Task Locate_AfterTheBestClustersLeaseRanOut_ChoosesAnother()
    {
        await Report("a", sessions: 0);
        await Report("b", sessions: 500);
        Assert.Equal("a", Locate());

        for (var second = 1; second <= 4; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Report("b", sessions: 500, seq: 1 + second);
        }

        Assert.Equal("b", Locate());
    }

    [Fact]
    public async Task Placement_OnTheRegistrysEntry_LowersItInTheIndex()
    {
        await Report("a", sessions: 0, seq: 1);
        var index = _registry.Snapshot.IndexOf("erp");
        var before = index.Tree.Max;

        index.Entries[0].RecordPlacement();

        Assert.Equal(index.Entries[0].NextHealth, index.Tree.Max);
        Assert.True(index.Tree.Max < before);
    }
}
