using System.Net;
using System.Text;
using ClusterLocator.Client;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Client;

/// <summary>
/// The SDK against real controllers over loopback: a controller that is full turns the session
/// away in its own way (a reset for TCP, 503 + <c>ClusterLocator-Relocate</c> for HTTP), and the
/// SDK places it on another cluster.
/// </summary>
public sealed class SdkAgainstControllersTests
{
    [Fact]
    public async Task ConnectTcp_ControllerAtSessionLimit_SessionOpensOnTheNextCluster()
    {
        await using var locator = await TestLocator.StartAsync();
        await using var fullMember = EchoServer.Start();
        await using var otherMember = EchoServer.Start();
        await using var full = await TestController.StartAsync(options => Fronting(options, "full", fullMember.Address, maxSessions: 1));
        await using var other = await TestController.StartAsync(options => Fronting(options, "other", otherMember.Address));

        // The full cluster looks healthiest, so it is chosen first and must turn the session away.
        await locator.RegisterAsync("full", Reports.Create(service: "echo", tcp: full.TcpAdvertised, health: 0.9));
        await locator.RegisterAsync("other", Reports.Create(service: "echo", tcp: other.TcpAdvertised, health: 0.5));
        using var holder = await LoopbackSocket.ConnectAsync(full.TcpEndPoint!);
        await holder.AssertEchoesAsync("the one session the full cluster takes");

        using var client = new LocatorClient([locator.BaseAddress]);
        await using var session = await client.ConnectTcpAsync("echo").DefaultTimeout();

        Assert.Equal("other", session.Placement.ClusterId);
        var refused = Assert.Single(session.FailedAttempts);
        Assert.Equal("full", refused.ClusterId);
        Assert.Contains("at once", refused.Reason, StringComparison.Ordinal);
        var hello = Encoding.UTF8.GetBytes("hello\n");
        await session.Stream.WriteAsync(hello).AsTask().DefaultTimeout();
        var echoed = new byte[hello.Length];
        await session.Stream.ReadExactlyAsync(echoed).AsTask().DefaultTimeout();
        Assert.Equal(hello, echoed);
    }

    [Fact]
    public async Task HttpHandler_ControllerAtSessionLimit_GetGoesToTheNextClusterAndPostGetsThe503()
    {
        await using var locator = await TestLocator.StartAsync();
        await using var fullMember = await HttpMember.StartAsync("full-m");
        await using var otherMember = await HttpMember.StartAsync("other-m");
        await using var full = await TestController.StartAsync(options => Fronting(options, "full", fullMember.Address, maxSessions: 1), tcp: false, http: true);
        await using var other = await TestController.StartAsync(options => Fronting(options, "other", otherMember.Address), tcp: false, http: true);
        await locator.RegisterAsync("full", Reports.Create(service: "web", tcp: null, http: full.HttpAdvertised, health: 0.9));
        await locator.RegisterAsync("other", Reports.Create(service: "web", tcp: null, http: other.HttpAdvertised, health: 0.5));

        // A request in flight holds the full controller's one session.
        using var holder = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = full.HttpAddress };
        var held = holder.GetAsync("hold/the-place");
        await Eventually.HoldsAsync(() => fullMember.Held == 1, "the holder's request to reach the full cluster's member");

        using var client = new LocatorClient(new LocatorClientOptions { Locators = { locator.BaseAddress }, CachePlacements = false });
        using var http = new HttpClient(new ClusterLocatorHttpHandler(client, "web") { InnerHandler = new SocketsHttpHandler { UseProxy = false } })
        {
            BaseAddress = new Uri("http://web/"),
        };

        using var get = await http.GetAsync("orders?since=2026").DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("other-m GET /orders?since=2026 ", await get.Content.ReadAsStringAsync());

        using var post = await http.PostAsync("orders", new StringContent("new order")).DefaultTimeout();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, post.StatusCode);
        Assert.True(post.Headers.Contains("ClusterLocator-Relocate"));

        // Only the GET reached the other cluster; the full one served only the holder.
        Assert.Equal(1, otherMember.Requests);
        Assert.Equal(1, fullMember.Requests);
        fullMember.ReleaseHeld();
        using var heldResponse = await held.DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, heldResponse.StatusCode);
    }

    [Fact]
    public async Task HttpHandler_ControllerUnreachable_EvenPostIsSentToTheNextCluster()
    {
        await using var locator = await TestLocator.StartAsync();
        await using var member = await HttpMember.StartAsync("m");
        await using var alive = await TestController.StartAsync(options => Fronting(options, "alive", member.Address), tcp: false, http: true);
        await locator.RegisterAsync("dead", Reports.Create(service: "web", tcp: null, http: LoopbackPorts.DeadUrl().AbsoluteUri.TrimEnd('/'), health: 0.9));
        await locator.RegisterAsync("alive", Reports.Create(service: "web", tcp: null, http: alive.HttpAdvertised, health: 0.5));

        using var client = new LocatorClient([locator.BaseAddress]);
        using var http = new HttpClient(new ClusterLocatorHttpHandler(client, "web") { InnerHandler = new SocketsHttpHandler { UseProxy = false } })
        {
            BaseAddress = new Uri("http://web/"),
        };

        using var post = await http.PostAsync("orders", new StringContent("new order")).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("m POST /orders new order", await post.Content.ReadAsStringAsync());
        Assert.Equal(1, member.Requests);
    }

    [Fact]
    public async Task HttpHandler_MemberFailsBehindTheController_GetGoesToTheNextClusterAndPostGetsThe502()
    {
        await using var locator = await TestLocator.StartAsync();
        await using var member = await HttpMember.StartAsync("m");

        // The failing cluster probes its one member once only, so once that member's port closes it
        // stays a candidate and every forward to it fails.
        var failingMember = await HttpMember.StartAsync("f");
        await using var failing = await TestController.StartAsync(
            options =>
            {
                Fronting(options, "failing", failingMember.Address);
                options.HealthPath = HttpMember.HealthPath;
                options.ProbeInterval = TimeSpan.FromHours(1);
            },
            tcp: false,
            http: true);
        using (var direct = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = failing.HttpAddress })
        using (var before = await direct.GetAsync("before").DefaultTimeout())
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await failingMember.DisposeAsync();
        await using var other = await TestController.StartAsync(options => Fronting(options, "other", member.Address), tcp: false, http: true);
        await locator.RegisterAsync("failing", Reports.Create(service: "web", tcp: null, http: failing.HttpAdvertised, health: 0.9));
        await locator.RegisterAsync("other", Reports.Create(service: "web", tcp: null, http: other.HttpAdvertised, health: 0.5));

        using var client = new LocatorClient(new LocatorClientOptions { Locators = { locator.BaseAddress }, CachePlacements = false });
        using var http = new HttpClient(new ClusterLocatorHttpHandler(client, "web") { InnerHandler = new SocketsHttpHandler { UseProxy = false } })
        {
            BaseAddress = new Uri("http://web/"),
        };

        using var get = await http.GetAsync("orders").DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("m GET /orders ", await get.Content.ReadAsStringAsync());

        // A POST may have reached the failing member before it failed: it is not sent again.
        using var post = await http.PostAsync("orders", new StringContent("new order")).DefaultTimeout();
        Assert.Equal(HttpStatusCode.BadGateway, post.StatusCode);
        Assert.Equal(1, member.Requests);
    }

    private static void Fronting(ClusterLocator.Controller.ControllerOptions options, string clusterId, string member, int? maxSessions = null)
    {
        options.ClusterId = clusterId;
        options.MaxSessions = maxSessions;
        options.Members.Add(member);

        // Registration is done by the test, so each cluster's health is what the test needs.
        options.Locators.Add(LoopbackPorts.DeadUrl());
    }
}
