using ClusterLocator.Locator.Registry;
using ClusterLocator.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Locator.Tests.Registry;

/// <summary>The registry over a store whose notifications lag behind its writes.</summary>
public sealed class ClusterRegistrySharedStoreTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly LaggingClusterStore _store = new();
    private readonly ClusterRegistry _registry;

    public ClusterRegistrySharedStoreTests()
    {
        var options = new LocatorOptions { ReportInterval = TimeSpan.FromSeconds(1), ExpiredRetention = TimeSpan.FromSeconds(10) };
        _registry = new ClusterRegistry(_store, _time, options, NullLogger<ClusterRegistry>.Instance);
    }

    public void Dispose() => _registry.Dispose();

    [Fact]
    public async Task Sweeper_NeverDeletesAReportItHasNotSeenYet()
    {
        await _registry.ReportAsync("a", Reports.Create(seq: 1), CancellationToken.None).DefaultTimeout();
        _time.Advance(TimeSpan.FromSeconds(12));

        // Another locator stores seq 2; this registry still sees the expired seq 1 when it sweeps at 15 s.
        _store.Holding = true;
        await _store.WriteAsync("a", Reports.Create(seq: 2), CancellationToken.None).DefaultTimeout();
        _time.Advance(TimeSpan.FromSeconds(3));
        _store.Release();

        Assert.Equal(2, _registry.Snapshot.Find("a")?.Report.Seq);
    }
}
