using System.Net;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Controller;

/// <summary>Stopping an in-process controller with an HTTP front door: sessions finish first, and nothing else holds it.</summary>
public sealed class DrainTests
{
    private static HttpClient NewConnectionClient(TestController controller) =>
        new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = controller.HttpAddress, Timeout = TimeoutExtensions.DefaultTimeoutTimeSpan };

    [Fact]
    public async Task Drain_HttpRequestInFlight_FinishesWhileNewConnectionsAreTurnedAway()
    {
        await using var locator = await TestLocator.StartAsync(options => options.ReportInterval = TestController.ReportInterval);
        await using var member = await HttpMember.StartAsync("m1");
        await using var controller = await TestController.StartAsync(
            options =>
            {
                options.Members.Add(member.Address);
                options.Locators.Add(locator.BaseAddress);
                options.DrainTimeout = TimeSpan.FromSeconds(120);
            },
            tcp: false,
            http: true);
        await Eventually.HoldsAsync(async () => await locator.ClusterAsync("c1") is { Eligible: true }, "the controller to register");
        using var client = NewConnectionClient(controller);
        var inFlight = client.GetAsync("hold/order-1");
        await Eventually.HoldsAsync(() => member.Held == 1, "the request to reach the member");

        var stopping = controller.StopAsync();

        await Eventually.HoldsAsync(
            async () => await locator.ClusterAsync("c1") is { State: ClusterStates.Draining },
            "the locator to show the cluster draining");
        Assert.False(stopping.IsCompleted, "The controller stopped with a request still in flight.");
        using (var other = NewConnectionClient(controller))
        using (var refused = await other.GetAsync("late").DefaultTimeout())
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("true", Assert.Single(refused.Headers.GetValues(WireHeaders.Relocate)));
            Assert.Contains("draining", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        member.ReleaseHeld();

        using var response = await inFlight.DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("m1 GET /hold/order-1 ", await response.Content.ReadAsStringAsync());

        // Its last request answered, the session is over, so the drain ends long before its 120 s limit.
        // (The client keeps its connection unless told to close it, as HttpClient does.)
        await AssertStopsWithinAsync(stopping, TimeSpan.FromSeconds(30), $"the in-flight request was answered (with Connection: close = {response.Headers.ConnectionClose == true})");
        Assert.True(response.Headers.ConnectionClose, "The last response of a draining session should close its connection.");
    }

    [Fact]
    public async Task Drain_IdleHttpKeepAliveConnection_DoesNotHoldTheStopUntilTheDrainTimeout()
    {
        await using var member = await HttpMember.StartAsync("m1");
        await using var controller = await TestController.StartAsync(
            options =>
            {
                options.Members.Add(member.Address);
                options.Locators.Add(LoopbackPorts.DeadUrl());
                options.DrainTimeout = TimeSpan.FromSeconds(120);
            },
            tcp: false,
            http: true);

        // A client that made one request and keeps its pooled connection, as HttpClient does.
        using var client = NewConnectionClient(controller);
        using (var response = await client.GetAsync("once").DefaultTimeout())
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // No request is in flight: there is nothing to wait for but an idle connection, which a
        // graceful HTTP server closes (Kestrel does on its own stop).
        await AssertStopsWithinAsync(controller.StopAsync(), TimeSpan.FromSeconds(30), "only an idle keep-alive connection was open");
    }

    /// <summary>
    /// Fails if <paramref name="stopping"/> has not ended within <paramref name="limit"/>. The test then
    /// goes on to dispose its client, whose connection closing lets the drain end without its timeout.
    /// </summary>
    private static async Task AssertStopsWithinAsync(Task stopping, TimeSpan limit, string after)
    {
        try
        {
            await stopping.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The controller was still draining {limit.TotalSeconds:0}s after {after}: the drain waits for the idle client connection until its timeout.");
        }
    }
}
