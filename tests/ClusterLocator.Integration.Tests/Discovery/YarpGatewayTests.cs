using System.Net;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ClusterLocator.Protocol;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;

namespace ClusterLocator.Integration.Tests.Discovery;

/// <summary>
/// A YARP gateway (in-process Kestrel on port 0) whose cluster's one destination is <c>http://web</c>,
/// against a real locator and real controllers that register themselves: it proxies to the
/// controllers of <c>web</c> and leaves one that drains away or dies.
/// </summary>
public sealed class YarpGatewayTests
{
    private static readonly TimeSpan RefreshPeriod = TimeSpan.FromMilliseconds(100);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Gateway_ServiceDestination_ProxiesToEveryClusterThenLeavesOneThatStopsOrDies(bool dies)
    {
        await using var locator = await TestLocator.StartAsync(options => options.ReportInterval = TestController.ReportInterval);
        await using var aMember = await HttpMember.StartAsync("a-m");
        await using var bMember = await HttpMember.StartAsync("b-m");
        await using var a = await TestController.StartAsync(o => Registering(o, "a", aMember.Address, locator), tcp: false, http: true);
        await using var b = await TestController.StartAsync(o => Registering(o, "b", bMember.Address, locator), tcp: false, http: true);
        await using var gateway = await StartGatewayAsync(locator);

        await Eventually.HoldsAsync(
            async () => await ServedByAsync(gateway.Http) is not null && aMember.Requests > 0 && bMember.Requests > 0,
            "the gateway to proxy to both clusters of web");

        if (dies)
        {
            // SIGKILL: the locator keeps the cluster until its lease expires.
            await a.CrashAsync();
            locator.Time.Advance(locator.Options.ReportInterval * 4);
            await Eventually.HoldsAsync(
                async () => await locator.ClusterAsync("a") is not { Eligible: true } && await locator.ClusterAsync("b") is { Eligible: true },
                "the dead cluster's lease to expire while the live one reports");
        }
        else
        {
            // SIGTERM: the controller drains and deregisters.
            await a.StopAsync().DefaultTimeout();
        }

        // The gateway's next list lacks it.
        await AssertOnlyServedByAsync(gateway.Http, "b-m", aMember);
    }

    [Fact]
    public async Task Gateway_ServiceDestinations_AreTheEligibleClustersWithAMatchingFrontDoor()
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("plain", Reports.Create(service: "web", tcp: null, http: "http://127.0.0.1:9101", health: 0.5));
        await locator.RegisterAsync("secure", Reports.Create(service: "web", tcp: null, http: "https://127.0.0.1:9102/prefix", health: 0.9));
        await locator.RegisterAsync("leaving", Reports.Create(service: "web", tcp: null, http: "http://127.0.0.1:9103", state: ClusterStates.Draining));
        await locator.RegisterAsync("tcp-only", Reports.Create(service: "web", tcp: "127.0.0.1:9104"));
        await locator.RegisterAsync("elsewhere", Reports.Create(service: "other", tcp: null, http: "http://127.0.0.1:9105"));

        await using var gateway = await StartGatewayAsync(locator, ("any", "http://web"), ("tls", "https://web"), ("fixed", "http://127.0.0.1:9106"));

        var lookup = gateway.App.Services.GetRequiredService<IProxyStateLookup>();
        Dictionary<string, DestinationConfig> destinations = [];
        await Eventually.HoldsAsync(
            () =>
            {
                destinations = lookup.TryGetCluster("web", out var cluster)
                    ? cluster.Destinations.ToDictionary(d => d.Key, d => d.Value.Model.Config)
                    : [];
                return destinations.Count >= 4;
            },
            "the gateway to resolve its destinations");

        // Draining, TCP-only and other services' clusters are not destinations; https://web takes only an https front door.
        Assert.Equal(["any/plain", "any/secure", "fixed", "tls/secure"], destinations.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("http://127.0.0.1:9101", destinations["any/plain"].Address);
        Assert.Equal("https://127.0.0.1:9102/prefix", destinations["tls/secure"].Address);
        Assert.Equal("http://127.0.0.1:9106", destinations["fixed"].Address);
        Assert.Equal("secure", destinations["any/secure"].Metadata!["ClusterLocator.ClusterId"]);
        Assert.Equal("0.9", destinations["any/secure"].Metadata!["ClusterLocator.Health"]);
    }

    /// <summary>Waits until ten answers in a row come from <paramref name="member"/>, then checks that the other is no longer sent anything.</summary>
    private static async Task AssertOnlyServedByAsync(HttpClient gateway, string member, HttpMember gone)
    {
        var inARow = 0;
        await Eventually.HoldsAsync(
            async () =>
            {
                inARow = await ServedByAsync(gateway) == member ? inARow + 1 : 0;
                return inARow >= 10;
            },
            $"ten answers in a row from {member}");
        var before = gone.Requests;
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(member, await ServedByAsync(gateway));
        }

        Assert.Equal(before, gone.Requests);
    }

    /// <summary>The member that answered a request through the gateway, or null for an error.</summary>
    private static async Task<string?> ServedByAsync(HttpClient gateway)
    {
        using var response = await gateway.GetAsync("orders").DefaultTimeout();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }

        var body = await response.Content.ReadAsStringAsync();
        return body.Split(' ')[0];
    }

    private static async Task<Gateway> StartGatewayAsync(TestLocator locator, params (string Name, string Address)[] destinations)
    {
        if (destinations.Length == 0)
        {
            destinations = [("web", "http://web")];
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddReverseProxy()
            .LoadFromMemory(
                [new RouteConfig { RouteId = "all", ClusterId = "web", Match = new RouteMatch { Path = "{**catch-all}" } }],
                [new ClusterConfig { ClusterId = "web", Destinations = destinations.ToDictionary(d => d.Name, d => new DestinationConfig { Address = d.Address }) }])
            .AddClusterLocatorDestinations(o => o.Locators.Add(locator.BaseAddress), o => o.RefreshPeriod = RefreshPeriod);
        var app = builder.Build();
        app.MapReverseProxy();
        await app.StartAsync().DefaultTimeout();
        var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeoutExtensions.DefaultTimeoutTimeSpan };
        return new Gateway(app, http);
    }

    private static void Registering(ClusterLocator.Controller.ControllerOptions options, string clusterId, string member, TestLocator locator)
    {
        options.ClusterId = clusterId;
        options.Service = "web";
        options.Members.Add(member);
        options.Locators.Add(locator.BaseAddress);
    }

    private sealed record Gateway(WebApplication App, HttpClient Http) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await App.StopAsync().DefaultTimeout();
            await App.DisposeAsync();
        }
    }
}
