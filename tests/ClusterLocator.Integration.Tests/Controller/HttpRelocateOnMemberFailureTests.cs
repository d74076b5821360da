using System.Net;
using System.Net.Sockets;
using ClusterLocator.Controller.Load;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterLocator.Integration.Tests.Controller;

/// <summary>
/// The HTTP front door against connections that hold places without work, and members that fail
/// while a request is forwarded to them.
/// </summary>
public sealed class HttpRelocateOnMemberFailureTests
{
    private static HttpClient NewConnectionClient(TestController controller) =>
        new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = controller.HttpAddress, Timeout = TimeoutExtensions.DefaultTimeoutTimeSpan };

    /// <summary>A controller whose one member is probed once only: a member that fails stays a candidate, so requests meet the failure.</summary>
    private static Task<TestController> StartAsync(string member, Action<ClusterLocator.Controller.ControllerOptions>? configure = null) =>
        TestController.StartAsync(
            options =>
            {
                options.Members.Add(member);
                options.HealthPath = HttpMember.HealthPath;
                options.ProbeInterval = TimeSpan.FromHours(1);
                options.Locators.Add(LoopbackPorts.DeadUrl());
                configure?.Invoke(options);
            },
            tcp: false,
            http: true);

    [Fact]
    public async Task HttpFrontDoor_FiftyIdleConnections_HoldNoSessionAndTheClusterStillServes()
    {
        await using var member = await HttpMember.StartAsync("m1");
        await using var controller = await StartAsync(member.Address, options =>
        {
            options.MaxSessions = 10;
            options.MaxSessionsPerClient = 0;
        });
        var load = controller.Services.GetRequiredService<IClusterLoadSource>();
        var idle = new List<IDisposable>();
        try
        {
            // Thirty connections that never send a request, and twenty keep-alive connections that
            // made one and stay open, as pooled clients do.
            for (var i = 0; i < 30; i++)
            {
                var endPoint = new IPEndPoint(IPAddress.Loopback, controller.HttpAddress!.Port);
                idle.Add(await LoopbackSocket.ConnectAsync(endPoint));
            }

            for (var i = 0; i < 20; i++)
            {
                var client = NewConnectionClient(controller);
                idle.Add(client);
                using var response = await client.GetAsync($"once/{i}").DefaultTimeout();
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            // A request's place is freed just after its last byte is written: the client may read it first.
            await Eventually.HoldsAsync(() => load.GetLoad().Sessions == 0, "the answered requests to hold no session");
            using var newcomer = NewConnectionClient(controller);
            for (var i = 0; i < 10; i++)
            {
                using var response = await newcomer.GetAsync($"newcomer/{i}").DefaultTimeout();
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            await Eventually.HoldsAsync(() => load.GetLoad().Sessions == 0, "the newcomer's answered requests to hold no session");
        }
        finally
        {
            idle.ForEach(d => d.Dispose());
        }
    }

    [Fact]
    public async Task HttpFrontDoor_MemberRefusesConnections_GetGets502WithRelocate_PostWithout()
    {
        // The member's port is closed after start: it is still taken for healthy.
        var member = await HttpMember.StartAsync("m1");
        await using var controller = await StartAsync(member.Address);
        using var client = NewConnectionClient(controller);
        using (var before = await client.GetAsync("before").DefaultTimeout())
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await member.DisposeAsync();

        await AssertMemberFailureAnswersAsync(client);
    }

    [Fact]
    public async Task HttpFrontDoor_MemberResetsMidRequest_GetGets502WithRelocate_PostWithout()
    {
        await using var member = ResettingMember.Start();
        await using var controller = await StartAsync(member.Address);
        using var client = NewConnectionClient(controller);

        await AssertMemberFailureAnswersAsync(client);
    }

    [Fact]
    public async Task HttpFrontDoor_AtMaxConnections_NextConnectionIsNotServed()
    {
        await using var member = await HttpMember.StartAsync("m1");
        await using var controller = await StartAsync(member.Address, options => options.MaxConnections = 3);
        var endPoint = new IPEndPoint(IPAddress.Loopback, controller.HttpAddress!.Port);
        var held = new List<Socket>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                held.Add(await LoopbackSocket.ConnectAsync(endPoint));
            }

            using var client = NewConnectionClient(controller);
            await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("one-too-many").DefaultTimeout());

            held[0].Dispose();
            await Eventually.HoldsAsync(
                async () =>
                {
                    using var retry = NewConnectionClient(controller);
                    try
                    {
                        using var response = await retry.GetAsync("after-one-closed").DefaultTimeout();
                        return response.StatusCode == HttpStatusCode.OK;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                "a new connection to be served once one of the held connections closed");
        }
        finally
        {
            held.ForEach(s => s.Dispose());
        }
    }

    private static async Task AssertMemberFailureAnswersAsync(HttpClient client)
    {
        using (var get = await client.GetAsync("orders/7").DefaultTimeout())
        {
            Assert.Equal(HttpStatusCode.BadGateway, get.StatusCode);
            Assert.Equal("true", Assert.Single(get.Headers.GetValues(WireHeaders.Relocate)));
            Assert.Equal(Problem.ContentType, get.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Ask the locator for another cluster", await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var post = await client.PostAsync("orders", new StringContent("new order")).DefaultTimeout();
        Assert.Equal(HttpStatusCode.BadGateway, post.StatusCode);
        Assert.False(post.Headers.Contains(WireHeaders.Relocate), "A POST may have been applied: it must not be sent elsewhere.");
        Assert.Equal(Problem.ContentType, post.Content.Headers.ContentType?.MediaType);
        Assert.Contains("not sent elsewhere", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>A member that crashes under each request: it reads the request's first bytes, then resets the connection.</summary>
    private sealed class ResettingMember : IAsyncDisposable
    {
        private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        private readonly Task _loop;

        private ResettingMember()
        {
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _listener.Listen(16);
            _loop = AcceptAsync();
        }

        public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}";

        public static ResettingMember Start() => new();

        private async Task AcceptAsync()
        {
            var buffer = new byte[4096];
            while (true)
            {
                Socket socket;
                try
                {
                    socket = await _listener.AcceptAsync();
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                    return;
                }

                using (socket)
                {
                    try
                    {
                        await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
                        socket.LingerState = new LingerOption(true, 0);
                    }
                    catch (Exception ex) when (ex is SocketException or TimeoutException)
                    {
                        // The front door gave up first: nothing to reset.
                    }
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Dispose();
            await _loop.DefaultTimeout();
        }
    }
}
