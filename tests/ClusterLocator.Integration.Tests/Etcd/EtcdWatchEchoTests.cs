using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Locator.Registry.Etcd;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterLocator.Integration.Tests.Etcd;

/// <summary>
/// A locator on etcd applies a report at once and sees it again when its own watch delivers the
/// write: that echo is the same report, and must not wipe the sessions placed since it.
/// </summary>
public sealed class EtcdWatchEchoTests
{
    private const int Placements = 5;
    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task WatchEchoOfOwnWrite_KeepsThePlacedSinceReportCount()
    {
        await using var etcd = await EtcdProcess.StartAsync();

        // The test stands for many clients: its one address may count every placement.
        await using var a = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval, options =>
        {
            options.ClientPlacementShare = 1;
            options.Lease = TimeSpan.FromSeconds(60);
        });
        await using var b = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval, options => options.Lease = TimeSpan.FromSeconds(60));
        await Eventually.HoldsAsync(async () => (await a.StatusAsync()).Ready && (await b.StatusAsync()).Ready, "both locators to have read etcd", TimeSpan.FromSeconds(10));

        // Hold A's writer off c1 so that every placement is counted before the write, and so before its echo.
        var record = a.Services.GetRequiredService<EtcdClusterRecords>().GetOrAdd("c1");
        await record.Writing.WaitAsync().DefaultTimeout();
        try
        {
            await a.RegisterAsync("c1", Reports.Create(sessions: 0, capacity: 1000));
            for (var i = 0; i < Placements; i++)
            {
                var (placement, status, body) = await a.LocateAsync("service=erp");
                Assert.True(placement is { ClusterId: "c1" }, $"Locate {i + 1} answered {(int)status}: {body}");
            }

            Assert.Equal(Placements, (await a.ClusterAsync("c1"))?.PlacedSinceReport);
        }
        finally
        {
            record.Writing.Release();
        }

        // etcd's watch delivers in revision order: once A sees a key put after c1's, it has applied c1's echo.
        await Eventually.HoldsAsync(async () => await b.ClusterAsync("c1") is not null, "c1 to be written to etcd (B lists it)", TimeSpan.FromSeconds(10));
        await b.RegisterAsync("marker", Reports.Create(service: "probe"));
        await Eventually.HoldsAsync(async () => await a.ClusterAsync("marker") is not null, "A to see, through its watch, a key written after c1's", TimeSpan.FromSeconds(10));

        var c1 = await a.ClusterAsync("c1");
        Assert.NotNull(c1);
        Assert.True(
            c1.PlacedSinceReport == Placements,
            $"After the watch echoed c1's own report, A counts {c1.PlacedSinceReport} sessions placed since it, not {Placements}: the echo was taken for a new report.");
    }
}
