using System.Net;
using System.Net.Sockets;
using System.Text;
using ClusterLocator.Client;
using ClusterLocator.Controller.Load;
using ClusterLocator.Controller.Tcp;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Integration.Tests.Controller;

/// <summary>
/// The TCP front door against clients that try to hold a cluster hostage: silent sockets, one
/// address taking every place, peers that vanish, and a session that cannot reach a member.
/// </summary>
public sealed class FrontDoorHostageTests
{
    /// <summary>"At once": a refused session must not wait for anything.</summary>
    private static readonly TimeSpan AtOnce = TimeSpan.FromSeconds(5);

    /// <summary>Another client: Linux routes all of 127.0.0.0/8 to loopback, so this is a second source address.</summary>
    private static readonly IPAddress OtherClient = IPAddress.Parse("127.0.0.2");

    [Fact]
    public async Task TcpFrontDoor_OneClientOpensMaxSessionsSilentSockets_AnotherClientStillGetsASession()
    {
        await using var echo = EchoServer.Start();
        await using var controller = await TestController.StartAsync(options =>
        {
            options.MaxSessions = 4;
            options.MaxSessionsPerClient = 2;
            options.Members.Add(echo.Address);
            options.Locators.Add(LoopbackPorts.DeadUrl());
        });
        var load = controller.Services.GetRequiredService<IClusterLoadSource>();

        // The attacker opens as many silent sockets as the cluster has places.
        var attacker = new List<Socket>();
        try
        {
            var resetOnConnect = 0;
            for (var i = 0; i < 4; i++)
            {
                try
                {
                    attacker.Add(await LoopbackSocket.ConnectAsync(controller.TcpEndPoint!));
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
                {
                    // Reset before the connect completed on this side.
                    resetOnConnect++;
                }
            }

            // Its share is taken; the rest of its sockets are ended, not counted. Each socket is
            // watched until it ends, so a machine slow to accept only makes the wait longer.
            await Eventually.HoldsAsync(() => load.GetLoad().Sessions == 2, "the attacker's two admitted sessions to count");
            var ends = attacker.Select(socket => socket.ReceiveUntilClosedAsync()).ToList();
            int TurnedAway() => resetOnConnect + ends.Count(end => end.IsCompleted);
            await Eventually.HoldsAsync(() => TurnedAway() >= 2, "the attacker's sockets past its share to be ended");
            await LoopbackSocket.AssertTurnedAwayAsync(controller.TcpEndPoint!, AtOnce);

            // Another client still gets in.
            using var other = await ConnectFromAsync(OtherClient, controller.TcpEndPoint!);
            await other.AssertEchoesAsync("another client is served");
            Assert.Equal(3, load.GetLoad().Sessions);

            // And the attacker's two admitted sessions were never ended.
            Assert.Equal(2, TurnedAway());
        }
        finally
        {
            attacker.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task TcpFrontDoor_SilentSocketsFillTheCluster_IdleTimeoutClosesThemAndFreesThePlaces()
    {
        // The idle clock is a fake one moved by the test: on the wall clock, a busy machine that
        // stalls the chatty session past the timeout closes it too.
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var idleTimeout = TimeSpan.FromSeconds(1);
        await using var echo = EchoServer.Start();
        await using var controller = await TestController.StartAsync(
            options =>
            {
                options.MaxSessions = 3;
                options.MaxSessionsPerClient = 0;
                options.IdleTimeout = idleTimeout;
                options.Members.Add(echo.Address);
                options.Locators.Add(LoopbackPorts.DeadUrl());
            },
            time: time);
        var load = controller.Services.GetRequiredService<IClusterLoadSource>();
        using var chatty = await LoopbackSocket.ConnectAsync(controller.TcpEndPoint!);
        await chatty.AssertEchoesAsync("a session in use");
        using var silent1 = await LoopbackSocket.ConnectAsync(controller.TcpEndPoint!);
        using var silent2 = await LoopbackSocket.ConnectAsync(controller.TcpEndPoint!);
        await Eventually.HoldsAsync(() => load.GetLoad().Sessions == 3, "the three sessions to count");
        await LoopbackSocket.AssertTurnedAwayAsync(controller.TcpEndPoint!, AtOnce);

        // The session in use talks at every step of the clock, each step under the idle timeout,
        // while the silent ones pass it and are closed.
        var step = idleTimeout * 0.4;
        var closing = Task.WhenAll(silent1.ReceiveUntilClosedAsync(), silent2.ReceiveUntilClosedAsync());
        for (var steps = 0; !closing.IsCompleted; steps++)
        {
            Assert.True(steps < 100, "The silent sessions were still open after 40 idle timeouts of the fake clock.");
            await chatty.AssertEchoesAsync("still here");
            time.Advance(step);
            await Task.WhenAny(closing, Task.Delay(100));
        }

        Assert.All(await closing.DefaultTimeout(), closed =>
        {
            Assert.Empty(closed.Data);
            Assert.False(closed.Reset, "An idle session should be closed with a FIN, not reset.");
        });
        await Eventually.HoldsAsync(() => load.GetLoad().Sessions == 1, "the silent sessions' places to be freed");
        using var next = await LoopbackSocket.ConnectAsync(controller.TcpEndPoint!);
        await next.AssertEchoesAsync("a freed place is taken");
        await chatty.AssertEchoesAsync("the session in use was never cut");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TcpFrontDoor_MemberDown_SessionIsResetBeforeAnyByte(bool markedDown)
    {
        // A port nothing listens on: the member is down. Probed once only, it stays a candidate and
        // the connect itself is refused; probed often, it is marked down and never tried.
        await using var controller = await TestController.StartAsync(options =>
        {
            options.Members.Add($"127.0.0.1:{LoopbackPorts.Free()}");
            options.ProbeInterval = markedDown ? TestController.ProbeInterval : TimeSpan.FromHours(1);
            options.Locators.Add(LoopbackPorts.DeadUrl());
        });
        var load = controller.Services.GetRequiredService<IClusterLoadSource>();
        if (markedDown)
        {
            await Eventually.HoldsAsync(() => load.GetLoad().HealthyMembers == 0, "the member to be marked down");
        }

        Socket client;
        try
        {
            client = await LoopbackSocket.ConnectAsync(controller.TcpEndPoint!);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            // Reset before the connect even completed on this side.
            client = null!;
        }

        if (client is not null)
        {
            using (client)
            {
                var (data, reset) = await client.ReceiveUntilClosedAsync(AtOnce);
                Assert.Empty(data);
                Assert.True(reset, "A session no member can take should be reset, not closed with a FIN.");
            }
        }

        await Eventually.HoldsAsync(() => load.GetLoad().Sessions == 0, "the refused session's place to be freed");
    }

    [Fact]
    public async Task ConnectTcp_ClusterWhoseMemberIsDown_SdkLandsOnTheOtherCluster()
    {
        await using var locator = await TestLocator.StartAsync();
        await using var member = EchoServer.Start();
        await using var broken = await TestController.StartAsync(options => Fronting(options, "broken", $"127.0.0.1:{LoopbackPorts.Free()}"));
        await using var healthy = await TestController.StartAsync(options => Fronting(options, "healthy", member.Address));

        // The broken cluster looks healthiest, so it is chosen first and must turn the session away.
        await locator.RegisterAsync("broken", Reports.Create(service: "echo", tcp: broken.TcpAdvertised, health: 0.9));
        await locator.RegisterAsync("healthy", Reports.Create(service: "echo", tcp: healthy.TcpAdvertised, health: 0.5));
        using var client = new LocatorClient(new LocatorClientOptions { Locators = { locator.BaseAddress }, CachePlacements = false });

        await using var session = await client.ConnectTcpAsync("echo").DefaultTimeout();

        Assert.Equal("healthy", session.Placement.ClusterId);
        var refused = Assert.Single(session.FailedAttempts);
        Assert.Equal("broken", refused.ClusterId);
        var hello = Encoding.UTF8.GetBytes("hello\n");
        await session.Stream.WriteAsync(hello).AsTask().DefaultTimeout();
        var echoed = new byte[hello.Length];
        await session.Stream.ReadExactlyAsync(echoed).AsTask().DefaultTimeout();
        Assert.Equal(hello, echoed);
    }

    [Fact]
    public async Task TcpFrontDoor_Session_HasKeepAliveOnBothLegs()
    {
        await using var echo = EchoServer.Start();
        await using var controller = await TestController.StartAsync(options =>
        {
            options.Members.Add(echo.Address);
            options.Locators.Add(LoopbackPorts.DeadUrl());
        });
        var frontDoor = controller.Services.GetRequiredService<TcpFrontDoor>();
        using var client = await LoopbackSocket.ConnectAsync(controller.TcpEndPoint!);
        await client.AssertEchoesAsync("a live session");

        var session = Assert.Single(frontDoor.OpenSessions);

        foreach (var (leg, socket) in new[] { ("client", session.Client.Socket!), ("member", session.Upstream.Socket!) })
        {
            Assert.True((int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)! != 0, $"The {leg} leg has no keep-alive.");
            Assert.Equal((int)TcpKeepAlive.Idle.TotalSeconds, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime)!);
            Assert.Equal((int)TcpKeepAlive.Interval.TotalSeconds, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval)!);
            Assert.Equal(TcpKeepAlive.Probes, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount)!);
        }
    }

    private static void Fronting(ClusterLocator.Controller.ControllerOptions options, string clusterId, string member)
    {
        options.ClusterId = clusterId;
        options.Members.Add(member);

        // Registration is done by the test, so each cluster's health is what the test needs.
        options.Locators.Add(LoopbackPorts.DeadUrl());
    }

    private static async Task<Socket> ConnectFromAsync(IPAddress local, IPEndPoint remote)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(local, 0));
            await socket.ConnectAsync(remote).DefaultTimeout();
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
