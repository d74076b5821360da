using System.Net;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Locator;

/// <summary>
/// The attack: one client locates far more than its share of a service (here 200 locates on a service
/// of capacity 100), which used to count every placement and drive the clusters to zero health, so
/// everyone else got 503 until the next reports. Now only 10 % of the capacity counts per client and
/// interval; the others are still answered and placed by the load the clusters reported.
/// </summary>
public sealed class FairPlacementTests
{
    private const string AToken = "client-a-token-0123456789abcdef";
    private const string BToken = "client-b-token-0123456789abcdef";

    private static async Task RegisterRoomyAndBusyAsync(TestLocator locator)
    {
        // Capacity 100 in all, so one client's share is 10 placements an interval.
        await locator.RegisterAsync("roomy", Reports.Create(sessions: 0, capacity: 60));
        await locator.RegisterAsync("busy", Reports.Create(sessions: 30, capacity: 40));
    }

    [Fact]
    public async Task ClientAFloodsLocates_ByToken_ClientBStillLandsByHeadroom_AndTheClusterKeepsItsHealth()
    {
        using var credentials = new ClientCredentialsFile();
        credentials.Write(DateTime.UtcNow, ("client-a", AToken, "erp"), ("client-b", BToken, "erp"));
        await using var locator = await TestLocator.StartAsync(options => options.ClientCredentials = credentials.Path);
        await RegisterRoomyAndBusyAsync(locator);
        using var a = new LocateClient(locator.BaseAddress, AToken);
        using var b = new LocateClient(locator.BaseAddress, BToken);

        for (var i = 0; i < 200; i++)
        {
            Assert.Equal("roomy", (await a.LocateOkAsync("service=erp")).ClusterId);
        }

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("roomy", (await b.LocateOkAsync("service=erp")).ClusterId);
        }

        var clusters = (await locator.ClustersAsync()).Clusters.ToDictionary(c => c.ClusterId);
        Assert.Equal(10 + 5, clusters["roomy"].PlacedSinceReport);
        Assert.Equal(0.75, clusters["roomy"].Health, 3);
        Assert.Equal(0, clusters["busy"].PlacedSinceReport);
    }

    [Fact]
    public async Task ClientAFloodsLocates_FromItsAddress_ClientBsPlacementsStillCount()
    {
        await using var locator = await TestLocator.StartAsync();
        await RegisterRoomyAndBusyAsync(locator);
        using var a = new LocateClient(locator.BaseAddress, source: IPAddress.Parse("127.0.0.2"));
        using var b = new LocateClient(locator.BaseAddress, source: IPAddress.Parse("127.0.0.3"));

        for (var i = 0; i < 200; i++)
        {
            await a.LocateOkAsync("service=erp");
        }

        var placements = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            placements.Add((await b.LocateOkAsync("service=erp")).ClusterId);
        }

        // B's own share counts: 20 placed on roomy in all, so its health is 40 / 60.
        Assert.All(placements, cluster => Assert.Equal("roomy", cluster));
        var roomy = (await locator.ClustersAsync()).Clusters.Single(c => c.ClusterId == "roomy");
        Assert.Equal(20, roomy.PlacedSinceReport);
        Assert.Equal(40.0 / 60, roomy.Health, 3);
    }

    [Fact]
    public async Task AClientsShare_StartsAgainAtTheNextReportInterval()
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("only", Reports.Create(sessions: 0, capacity: 100));
        for (var i = 0; i < 30; i++)
        {
            await locator.LocateOkAsync("service=erp");
        }

        // Reported again, as every interval: the count of placements since the report starts at 0.
        locator.Time.Advance(locator.Options.ReportInterval);
        await locator.RegisterAsync("only", Reports.Create(sessions: 10, capacity: 100, seq: 2));
        for (var i = 0; i < 30; i++)
        {
            await locator.LocateOkAsync("service=erp");
        }

        Assert.Equal(10, (await locator.ClustersAsync()).Clusters.Single().PlacedSinceReport);
    }
}
