using System.Net;
using System.Net.Sockets;
using ClusterLocator.Controller.Load;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterLocator.Integration.Tests.Controller;

/// <summary>At <c>--max-sessions</c> the controller turns new sessions away at once, so clients go elsewhere.</summary>
public sealed class SessionLimitTests
{
    /// <summary>"At once": a refused session must not wait for anything.</summary>
    private static readonly TimeSpan AtOnce = TimeSpan.FromSeconds(5);

    private static HttpClient NewConnectionClient(TestController controller) =>
        new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = controller.HttpAddress, Timeout = TimeoutExtensions.DefaultTimeoutTimeSpan };

    [Fact]
    public async Task TcpFrontDoor_AtMaxSessions_NewConnectionIsClosedAtOnce()
    {
        await using var echo = EchoServer.Start();
        await using var controller = await TestController.StartAsync(options =>
        {
            options.MaxSessions = 2;

            // One loopback client fills the cluster, so no per-client share.
            options.MaxSessionsPerClient = 0;
            options.Members.Add(echo.Address);
            options.Locators.Add(LoopbackPorts.DeadUrl());
        });
        using var first = await LoopbackSocket.ConnectAsync(controller.TcpEndPoint!);
        await first.AssertEchoesAsync("one");
        using var second = await LoopbackSocket.ConnectAsync(controller.TcpEndPoint!);
        await second.AssertEchoesAsync("two");

        await LoopbackSocket.AssertTurnedAwayAsync(controller.TcpEndPoint!, AtOnce);

        // The sessions already open are untouched, and a freed place is taken again.
        await first.AssertEchoesAsync("one still works");
        first.Dispose();
        await Eventually.HoldsAsync(
            () => LoopbackSocket.TryEchoSessionAsync(controller.TcpEndPoint!, "a freed place"),
            "a new session to be accepted once one of the two has ended");
        await second.AssertEchoesAsync("two still works");
    }

    [Fact]
    public async Task HttpFrontDoor_AtMaxRequestsInFlight_NewRequestGets503WithRelocateAndRetryAfter()
    {
        await using var member = await HttpMember.StartAsync("m1");
        await using var controller = await TestController.StartAsync(
            options =>
            {
                options.MaxSessions = 1;
                options.MaxSessionsPerClient = 0;
                options.Members.Add(member.Address);
                options.Locators.Add(LoopbackPorts.DeadUrl());
            },
            tcp: false,
            http: true);

        // The first client's request in flight is the one session.
        using var holder = NewConnectionClient(controller);
        var held = holder.GetAsync("hold/first");
        await Eventually.HoldsAsync(() => member.Held == 1, "the first request to reach the member");

        using var other = NewConnectionClient(controller);
        using (var refused = await other.GetAsync("second").DefaultTimeout())
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("true", Assert.Single(refused.Headers.GetValues(WireHeaders.Relocate)));
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Equal(Problem.ContentType, refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("session limit", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(1, member.Requests);
        member.ReleaseHeld();
        using (var ok = await held.DefaultTimeout())
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        // The request answered, the place is free, though the holder keeps its connection open. (It is
        // freed just after the response's last byte is written: the client may read that byte first.)
        var load = controller.Services.GetRequiredService<IClusterLoadSource>();
        await Eventually.HoldsAsync(() => load.GetLoad().Sessions == 0, "the answered request's place to be freed");
        using var third = NewConnectionClient(controller);
        using var served = await third.GetAsync("third").DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task SessionLimit_HttpRequestInFlightFillsIt_NewTcpConnectionIsClosedAtOnce()
    {
        await using var member = await HttpMember.StartAsync("m1");
        await using var controller = await TestController.StartAsync(
            options =>
            {
                options.MaxSessions = 1;
                options.Members.Add(member.Address);
                options.Locators.Add(LoopbackPorts.DeadUrl());
            },
            tcp: true,
            http: true);
        using var holder = NewConnectionClient(controller);
        var held = holder.GetAsync("hold/first");
        await Eventually.HoldsAsync(() => member.Held == 1, "the request to reach the member");

        await LoopbackSocket.AssertTurnedAwayAsync(controller.TcpEndPoint!, AtOnce);

        member.ReleaseHeld();
        using var ok = await held.DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }
}
