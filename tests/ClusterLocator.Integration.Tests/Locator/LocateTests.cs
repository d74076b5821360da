using System.Net;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Locator;

public sealed class LocateTests
{
    [Fact]
    public async Task Locate_ThreeClusters_ReturnsHealthiest()
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("a", Reports.Create(sessions: 500, tcp: "127.0.0.1:9001"));
        await locator.RegisterAsync("b", Reports.Create(sessions: 100, tcp: "127.0.0.1:9002"));
        await locator.RegisterAsync("c", Reports.Create(sessions: 10, cpu: 0.7, tcp: "127.0.0.1:9003"));

        var placement = await locator.LocateOkAsync("service=erp");

        Assert.Equal("b", placement.ClusterId);
        Assert.Equal(Protocols.Tcp, placement.Protocol);
        Assert.Equal("127.0.0.1:9002", placement.Address);
        Assert.Equal(0.9, placement.Health, 3);
        Assert.Equal(5000, placement.TtlMs);
        Assert.False(placement.Stale);
    }

    [Fact]
    public async Task Locate_BurstOf300BetweenReports_FillsClustersByHeadroom()
    {
        // The test stands for many clients: its one address may count every placement.
        await using var locator = await TestLocator.StartAsync(options => options.ClientPlacementShare = 1);
        (string Id, int Sessions, int Capacity)[] clusters = [("a", 100, 1000), ("b", 300, 600), ("c", 0, 400)];
        foreach (var (id, sessions, capacity) in clusters)
        {
            await locator.RegisterAsync(id, Reports.Create(sessions: sessions, capacity: capacity));
        }

        var counts = clusters.ToDictionary(c => c.Id, _ => 0);
        for (var i = 0; i < 300; i++)
        {
            counts[(await locator.LocateOkAsync("service=erp")).ClusterId]++;
        }

        var expected = WaterFill(clusters.Select(c => (c.Sessions, c.Capacity)).ToArray(), 300);
        for (var i = 0; i < clusters.Length; i++)
        {
            var tolerance = Math.Max(3, expected[i] * 0.10);
            Assert.True(
                Math.Abs(counts[clusters[i].Id] - expected[i]) <= tolerance,
                $"Cluster {clusters[i].Id} got {counts[clusters[i].Id]} of 300; the water-filling split gives {expected[i]:0.#} (±{tolerance:0.#}).");
        }

        var list = await locator.ClustersAsync();
        Assert.Equal(300, list.Clusters.Sum(c => c.PlacedSinceReport));
    }

    [Fact]
    public async Task Locate_AfterNewReport_PlacedCountStartsAgain()
    {
        // The test stands for many clients: its one address may count every placement.
        await using var locator = await TestLocator.StartAsync(options => options.ClientPlacementShare = 1);
        await locator.RegisterAsync("a", Reports.Create(sessions: 0, capacity: 10));
        for (var i = 0; i < 10; i++)
        {
            await locator.LocateOkAsync("service=erp");
        }

        using (var full = await locator.LocateAsync("service=erp"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);
            Assert.Contains("zero health", (await locator.ProblemAsync(full)).Detail, StringComparison.Ordinal);
        }

        // The controller reports that only 2 of those sessions are still open.
        await locator.RegisterAsync("a", Reports.Create(sessions: 2, capacity: 10, seq: 2));

        var placement = await locator.LocateOkAsync("service=erp");
        Assert.Equal(0.8, placement.Health, 3);
    }

    [Fact]
    public async Task Locate_DrainingCluster_IsNeverPlaced()
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("idle-but-draining", Reports.Create(sessions: 0, state: ClusterStates.Draining));
        await locator.RegisterAsync("busy", Reports.Create(sessions: 900));

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal("busy", (await locator.LocateOkAsync("service=erp")).ClusterId);
        }
    }

    [Fact]
    public async Task Locate_AllDraining_Returns503WithReason()
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("a", Reports.Create(state: ClusterStates.Draining));
        await locator.RegisterAsync("b", Reports.Create(state: ClusterStates.Draining));

        using var response = await locator.LocateAsync("service=erp");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        var problem = await locator.ProblemAsync(response);
        Assert.Equal(503, problem.Status);
        Assert.Contains("draining", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locate_UnknownService_Returns503NamingTheService()
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("a", Reports.Create(service: "erp"));

        using var response = await locator.LocateAsync("service=crm");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("No cluster of service 'crm' is registered", (await locator.ProblemAsync(response)).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locate_ExpiredCluster_StopsBeingPlacedWithinOneLease()
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("a", Reports.Create(sessions: 0));
        await locator.RegisterAsync("b", Reports.Create(sessions: 500));
        Assert.Equal("a", (await locator.LocateOkAsync("service=erp")).ClusterId);

        // "b" keeps reporting; "a" goes silent.
        locator.Time.Advance(TimeSpan.FromSeconds(2));
        await locator.RegisterAsync("b", Reports.Create(sessions: 500, seq: 2));
        locator.Time.Advance(TimeSpan.FromSeconds(1));

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("b", (await locator.LocateOkAsync("service=erp")).ClusterId);
        }

        var a = (await locator.ClustersAsync()).Clusters.Single(c => c.ClusterId == "a");
        Assert.Equal(ClusterStates.Expired, a.State);
        Assert.False(a.Eligible);
    }

    [Fact]
    public async Task Locate_AllExpired_Returns503SayingSo()
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("a", Reports.Create());
        locator.Time.Advance(locator.Options.ReportInterval * 3);

        using var response = await locator.LocateAsync("service=erp");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("expired", (await locator.ProblemAsync(response)).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locate_MissedReports_MarksPlacementStale()
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("a", Reports.Create());
        locator.Time.Advance(TimeSpan.FromMilliseconds(2500));

        Assert.True((await locator.LocateOkAsync("service=erp")).Stale);
    }

    [Fact]
    public async Task Locate_ByProtocol_ReturnsThatEndpoint()
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("tcp-only", Reports.Create(sessions: 0, tcp: "127.0.0.1:9001"));
        await locator.RegisterAsync("both", Reports.Create(sessions: 500, tcp: "127.0.0.1:9002", http: "http://127.0.0.1:9003"));

        var http = await locator.LocateOkAsync("service=erp&protocol=http");

        Assert.Equal("both", http.ClusterId);
        Assert.Equal(Protocols.Http, http.Protocol);
        Assert.Equal("http://127.0.0.1:9003", http.Address);
    }

    [Fact]
    public async Task Locate_WithZone_PrefersZoneWhileEligible()
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("far", Reports.Create(sessions: 0, zone: "us-1"));
        await locator.RegisterAsync("near", Reports.Create(sessions: 800, zone: "eu-1"));

        Assert.Equal("near", (await locator.LocateOkAsync("service=erp&zone=eu-1")).ClusterId);

        await locator.RegisterAsync("near", Reports.Create(sessions: 800, zone: "eu-1", state: ClusterStates.Draining, seq: 2));
        Assert.Equal("far", (await locator.LocateOkAsync("service=erp&zone=eu-1")).ClusterId);
    }

    [Fact]
    public async Task Locate_Excluding_NeverReturnsExcludedCluster()
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("a", Reports.Create(sessions: 0));
        await locator.RegisterAsync("b", Reports.Create(sessions: 500));

        Assert.Equal("b", (await locator.LocateOkAsync("service=erp&exclude=a")).ClusterId);
    }

    [Fact]
    public async Task Locate_SameKey_LandsOnSameCluster()
    {
        await using var locator = await TestLocator.StartAsync();
        foreach (var id in new[] { "a", "b", "c", "d" })
        {
            await locator.RegisterAsync(id, Reports.Create(sessions: 100));
        }

        var first = (await locator.LocateOkAsync("service=erp&key=user-17")).ClusterId;
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(first, (await locator.LocateOkAsync("service=erp&key=user-17")).ClusterId);
        }

        var spread = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            spread.Add((await locator.LocateOkAsync($"service=erp&key=user-{i}")).ClusterId);
        }

        Assert.True(spread.Count >= 3, $"40 keys landed on only {spread.Count} of 4 clusters.");
    }

    [Theory]
    [InlineData("", "'service' is missing")]
    [InlineData("service=bad%20name", "'service' is 'bad name'")]
    [InlineData("service=erp&protocol=udp", "'protocol' is 'udp'")]
    [InlineData("service=erp&exclude=a,b%20c", "'exclude' has 'b c'")]
    public async Task Locate_InvalidQuery_Returns400NamingTheField(string query, string expected)
    {
        await using var locator = await TestLocator.StartAsync();

        using var response = await locator.LocateAsync(query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (await locator.ProblemAsync(response)).Detail, StringComparison.Ordinal);
    }

    /// <summary>The split a burst of <paramref name="burst"/> should take: fill the emptiest until healths meet.</summary>
    private static double[] WaterFill((int Sessions, int Capacity)[] clusters, int burst)
    {
        double low = 0, high = 1;
        for (var i = 0; i < 60; i++)
        {
            var level = (low + high) / 2;
            var placed = clusters.Sum(c => Math.Max(0, (1 - level - ((double)c.Sessions / c.Capacity)) * c.Capacity));
            (low, high) = placed > burst ? (level, high) : (low, level);
        }

        return [.. clusters.Select(c => Math.Max(0, (1 - low - ((double)c.Sessions / c.Capacity)) * c.Capacity))];
    }
}
