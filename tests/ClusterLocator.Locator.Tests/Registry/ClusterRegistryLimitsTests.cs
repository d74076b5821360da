using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Locator.Tests.Registry;

public sealed class ClusterRegistryLimitsTests
{
    private readonly FakeTimeProvider _time = new();

    private ClusterRegistry Registry(IClusterStore store, int maxClusters = 100, int maxServices = 100, int maxPerService = 100) =>
        new(store, _time, new LocatorOptions { MaxClusters = maxClusters, MaxServices = maxServices, MaxClustersPerService = maxPerService }, NullLogger<ClusterRegistry>.Instance);

    private static async Task<StoreWriteResult> Report(ClusterRegistry registry, string id, ClusterReport report) =>
        await registry.ReportAsync(id, report, CancellationToken.None).DefaultTimeout();

    [Fact]
    public async Task Report_NewClusterPastMaxClusters_IsRefusedNamingTheLimit_AndChangesNothing()
    {
        using var registry = Registry(new MemoryClusterStore(), maxClusters: 3);
        foreach (var id in new[] { "a", "b", "c" })
        {
            Assert.True((await Report(registry, id, Reports.Create())).IsAccepted);
        }

        var result = await Report(registry, "d", Reports.Create(service: "crm"));

        Assert.False(result.IsAccepted);
        Assert.Equal("LocatorOptions.MaxClusters", result.Limit!.Property);
        Assert.Equal("--max-clusters", result.Limit.Flag);
        Assert.Equal(3, result.Limit.Value);
        Assert.Null(registry.Find("d"));
        Assert.Equal(["a", "b", "c"], registry.Snapshot.All.Select(e => e.ClusterId).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("crm", registry.Snapshot.Services.Keys);
    }

    [Fact]
    public async Task Report_KnownClusterAtTheLimit_IsAccepted()
    {
        using var registry = Registry(new MemoryClusterStore(), maxClusters: 1, maxServices: 1, maxPerService: 1);
        await Report(registry, "a", Reports.Create(seq: 1));

        var result = await Report(registry, "a", Reports.Create(seq: 2, sessions: 10));

        Assert.True(result.IsAccepted);
        Assert.Equal(10, registry.Find("a")!.Sessions);
    }

    [Fact]
    public async Task Report_NewServicePastMaxServices_IsRefused_ButANewClusterOfAKnownServiceIsNot()
    {
        using var registry = Registry(new MemoryClusterStore(), maxServices: 2);
        await Report(registry, "a", Reports.Create(service: "erp"));
        await Report(registry, "b", Reports.Create(service: "crm"));

        var refused = await Report(registry, "c", Reports.Create(service: "hr"));
        var accepted = await Report(registry, "d", Reports.Create(service: "erp"));

        Assert.Equal("LocatorOptions.MaxServices", refused.Limit!.Property);
        Assert.Equal("--max-services", refused.Limit.Flag);
        Assert.True(accepted.IsAccepted);
        Assert.Equal(["crm", "erp"], registry.Snapshot.Services.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Report_NewClusterOfAFullService_IsRefused_ButOneOfAnotherServiceIsNot()
    {
        using var registry = Registry(new MemoryClusterStore(), maxPerService: 2);
        await Report(registry, "a", Reports.Create(service: "erp"));
        await Report(registry, "b", Reports.Create(service: "erp"));

        var refused = await Report(registry, "c", Reports.Create(service: "erp"));
        var accepted = await Report(registry, "d", Reports.Create(service: "crm"));

        Assert.Equal("LocatorOptions.MaxClustersPerService", refused.Limit!.Property);
        Assert.Equal("--max-clusters-per-service", refused.Limit.Flag);
        Assert.True(accepted.IsAccepted);
        Assert.Equal(2, registry.Snapshot.ClustersOf("erp").Length);
    }

    [Fact]
    public async Task Report_AfterAClusterDeregisters_HasRoomAgain()
    {
        using var registry = Registry(new MemoryClusterStore(), maxClusters: 1);
        await Report(registry, "a", Reports.Create());
        Assert.NotNull((await Report(registry, "b", Reports.Create())).Limit);

        await registry.RemoveAsync("a", "inc-1", CancellationToken.None).DefaultTimeout();

        Assert.True((await Report(registry, "b", Reports.Create())).IsAccepted);
    }

    [Fact]
    public async Task Report_NewClustersRacing_CannotPassTheLimitTogether()
    {
        var store = new GatedClusterStore();
        using var registry = Registry(store, maxClusters: 2);

        // Every write waits in the store, so each admission decision is made while the others are in flight.
        var writes = Enumerable.Range(0, 6).Select(i => registry.ReportAsync($"c{i}", Reports.Create(), CancellationToken.None).AsTask()).ToList();
        await Eventually.HoldsAsync(() => store.Waiting == 2, "two writes waiting in the store");
        var refused = writes.Where(w => w.IsCompleted).ToList();
        store.Open();
        var results = await Task.WhenAll(writes).DefaultTimeout();

        Assert.Equal(4, refused.Count);
        Assert.Equal(2, results.Count(r => r.IsAccepted));
        Assert.Equal(4, results.Count(r => r.Limit is not null));
        Assert.Equal(2, registry.Snapshot.All.Count());
    }

    [Fact]
    public async Task StoreChange_FromAnotherLocator_IsAppliedPastTheLimit()
    {
        // A shared store holds what other locators accepted: this locator's view follows it.
        var store = new MemoryClusterStore();
        using var registry = Registry(store, maxClusters: 1);
        await Report(registry, "a", Reports.Create());

        await store.WriteAsync("b", Reports.Create(), CancellationToken.None);

        Assert.NotNull(registry.Find("b"));
        Assert.True((await Report(registry, "b", Reports.Create(seq: 2))).IsAccepted);
        Assert.NotNull((await Report(registry, "c", Reports.Create())).Limit);
    }
}
