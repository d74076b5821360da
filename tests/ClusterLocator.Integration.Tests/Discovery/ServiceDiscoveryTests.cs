using System.Net;
using ClusterLocator.Client;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterLocator.Integration.Tests.Discovery;

/// <summary>
/// <c>Microsoft.Extensions.ServiceDiscovery</c> with the ClusterLocator provider, against a real
/// locator and real controllers over loopback: an HttpClient with the base address <c>http://web</c>
/// reaches the front door the locator chooses, spreads as the locator spreads, and moves when a
/// controller turns a request away.
/// </summary>
public sealed class ServiceDiscoveryTests
{
    [Fact]
    public async Task HttpClient_ServiceName_ReachesTheHealthiestClustersFrontDoor()
    {
        await using var locator = await TestLocator.StartAsync();
        await using var bestMember = await HttpMember.StartAsync("best-m");
        await using var otherMember = await HttpMember.StartAsync("other-m");
        await using var best = await TestController.StartAsync(o => FullAndOther.Fronting(o, "best", bestMember.Address), tcp: false, http: true);
        await using var other = await TestController.StartAsync(o => FullAndOther.Fronting(o, "other", otherMember.Address), tcp: false, http: true);
        await locator.RegisterAsync("best", Reports.Create(service: "web", tcp: null, http: best.HttpAdvertised, health: 0.9));
        await locator.RegisterAsync("other", Reports.Create(service: "web", tcp: null, http: other.HttpAdvertised, health: 0.3));
        await using var services = Services(locator);

        using var response = await Client(services).GetAsync("orders?since=2026").DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("best-m GET /orders?since=2026 ", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, otherMember.Requests);
    }

    [Fact]
    public async Task HttpClient_ADottedHostName_IsLeftToThePassThroughProvider()
    {
        await using var locator = await TestLocator.StartAsync();
        await using var member = await HttpMember.StartAsync("direct");
        await using var services = Services(locator);
        using var http = Client(services);

        // 127.0.0.1 is an address, not a service: no locate, the request goes where it says.
        using var response = await http.GetAsync($"http://{member.Address}/plain").DefaultTimeout();

        Assert.Equal("direct GET /plain ", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HttpClient_ManyRequestsWithoutPlacementCache_SpreadOverTheClusters()
    {
        await using var locator = await TestLocator.StartAsync();
        var members = new List<HttpMember>();
        var controllers = new List<TestController>();
        try
        {
            foreach (var id in new[] { "a", "b", "c" })
            {
                var member = await HttpMember.StartAsync(id + "-m");
                members.Add(member);
                var controller = await TestController.StartAsync(o => FullAndOther.Fronting(o, id, member.Address), tcp: false, http: true);
                controllers.Add(controller);
                await locator.RegisterAsync(id, Reports.Create(service: "web", tcp: null, http: controller.HttpAdvertised, capacity: 100));
            }

            await using var services = Services(locator, cachePlacements: false);
            using var http = Client(services);
            for (var i = 0; i < 30; i++)
            {
                using var response = await http.GetAsync($"n/{i}").DefaultTimeout();
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            // Each request was placed by the locator, which counts what it placed since the last
            // report: equal clusters share the requests instead of one taking them all.
            Assert.Equal(30, members.Sum(m => m.Requests));
            Assert.All(members, m => Assert.True(m.Requests >= 5, $"{m.Name} served {m.Requests} of 30: {string.Join(", ", members.Select(x => $"{x.Name}={x.Requests}"))}"));
        }
        finally
        {
            foreach (var controller in controllers)
            {
                await controller.DisposeAsync();
            }

            foreach (var member in members)
            {
                await member.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task HttpClient_ControllerAnswers503Relocate_GetMovesToAnotherClusterAndPostIsPlacedAfreshNextTime()
    {
        await using var clusters = await FullAndOther.StartAsync();

        // The placement cache is on: without relocation, every request would go to "full" for its ttlMs.
        await using var services = Services(clusters.Locator);
        using var http = Client(services);

        using var get = await http.GetAsync("orders").DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("other-m GET /orders ", await get.Content.ReadAsStringAsync());

        using var post = await http.PostAsync("orders", new StringContent("new order")).DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("other-m POST /orders new order", await post.Content.ReadAsStringAsync());
        Assert.Equal(1, clusters.FullMember.Requests);
        Assert.Equal(2, clusters.OtherMember.Requests);
    }

    [Fact]
    public async Task HttpClient_PostTurnedAway_GetsThe503AndTheNextRequestGoesElsewhere()
    {
        await using var clusters = await FullAndOther.StartAsync();

        // The placement cache is on: without relocation, every request would go to "full" for its ttlMs.
        await using var services = Services(clusters.Locator);
        using var http = Client(services);

        using var post = await http.PostAsync("orders", new StringContent("new order")).DefaultTimeout();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, post.StatusCode);
        Assert.True(post.Headers.Contains(WireHeaders.Relocate));

        // The placement on "full" is retired: the next request is placed without it, cache or not.
        for (var i = 0; i < 3; i++)
        {
            using var next = await http.PostAsync("orders", new StringContent($"order {i}")).DefaultTimeout();
            Assert.Equal($"other-m POST /orders order {i}", await next.Content.ReadAsStringAsync());
        }

        Assert.Equal(1, clusters.FullMember.Requests);
    }

    [Fact]
    public async Task HttpClient_ControllerUnreachable_PostIsSentToTheNextCluster()
    {
        await using var locator = await TestLocator.StartAsync();
        await using var member = await HttpMember.StartAsync("m");
        await using var alive = await TestController.StartAsync(o => FullAndOther.Fronting(o, "alive", member.Address), tcp: false, http: true);
        await locator.RegisterAsync("dead", Reports.Create(service: "web", tcp: null, http: LoopbackPorts.DeadUrl().AbsoluteUri.TrimEnd('/'), health: 0.9));
        await locator.RegisterAsync("alive", Reports.Create(service: "web", tcp: null, http: alive.HttpAdvertised, health: 0.5));
        await using var services = Services(locator);

        using var post = await Client(services).PostAsync("orders", new StringContent("new order")).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("m POST /orders new order", await post.Content.ReadAsStringAsync());
    }

    /// <summary>The app's services as a user writes them: service discovery, the provider, one client for <c>http://web</c>.</summary>
    private static ServiceProvider Services(TestLocator locator, bool cachePlacements = true)
    {
        var services = new ServiceCollection();
        services.AddLogging();

        // Service discovery reads its configuration provider's section, as in any host.
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddServiceDiscovery().AddClusterLocatorEndpointProvider(o =>
        {
            o.Locators.Add(locator.BaseAddress);
            o.CachePlacements = cachePlacements;
        });
        services.AddHttpClient("web", http =>
            {
                http.BaseAddress = new Uri("http://web");
                http.Timeout = TimeoutExtensions.DefaultTimeoutTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseProxy = false })
            .AddServiceDiscovery();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static HttpClient Client(IServiceProvider services) => services.GetRequiredService<IHttpClientFactory>().CreateClient("web");
}
