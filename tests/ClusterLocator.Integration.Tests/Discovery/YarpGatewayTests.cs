using System.Net;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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

    [Fact]
    public async Task Gateway_ServiceDestination_ProxiesToEveryClusterThenLeavesAStoppedOne()
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

        // SIGTERM: the controller drains and deregisters, and the gateway's next list lacks it.
        await a.StopAsync().DefaultTimeout();

        await AssertOnlyServedByAsync(gateway.Http, "b-m", aMember);
    }

    [Fact]
    public async Task Gateway_ControllerDies_MovesToTheOtherOnceItsLeaseExpires()
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

        await a.CrashAsync();
        locator.Time.Advance(locator.Options.ReportInterval * 4);
        await Eventually.HoldsAsync(
            async () => await locator.ClusterAsync("a") is not { Eligible: true } && await locator.ClusterAsync("b") is { Eligible: true },
            "the dead cluster's lease to expire while the live one reports");

        await AssertOnlyServedByAsync(gateway.Http, "b-m", aMember);
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

    private static async Task<Gateway> StartGatewayAsync(TestLocator locator)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddReverseProxy()
            .LoadFromMemory(
                [new RouteConfig { RouteId = "all", ClusterId = "web", Match = new RouteMatch { Path = "{**catch-all}" } }],
                [new ClusterConfig { ClusterId = "web", Destinations = new Dictionary<string, DestinationConfig> { ["web"] = new() { Address = "http://web" } } }])
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
