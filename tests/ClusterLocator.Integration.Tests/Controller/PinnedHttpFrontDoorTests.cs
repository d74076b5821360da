using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using ClusterLocator.Controller;
using ClusterLocator.Controller.Http;
using ClusterLocator.Controller.Members;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Integration.Tests.Controller;

/// <summary>
/// The HTTP front door in pinned mode (<c>--http-mode pinned</c>), over real loopback connections
/// written by hand, so each test knows which connection a request took: a connection's first request
/// picks the member, the connection stays on it, and a connection turned away gets the per-request
/// door's 503 and relocate header.
/// </summary>
public sealed class PinnedHttpFrontDoorTests
{
    private static Task<TestController> StartAsync(Action<ControllerOptions>? configure, TimeProvider? time, params HttpMember[] members) =>
        TestController.StartAsync(
            options =>
            {
                options.HttpMode = HttpFrontDoorMode.Pinned;
                foreach (var member in members)
                {
                    options.Members.Add(member.Address);
                }

                options.HealthPath = HttpMember.HealthPath;
                options.Locators.Add(LoopbackPorts.DeadUrl());
                configure?.Invoke(options);
            },
            tcp: false,
            http: true,
            time: time);

    [Fact]
    public async Task Pinned_FirstRequestGoesToTheHealthyMemberWithFewestSessions_LaterOnesStayOnIt()
    {
        await using var a = await HttpMember.StartAsync("a");
        await using var b = await HttpMember.StartAsync("b");
        await using var down = await HttpMember.StartAsync("down");
        down.Healthy = false;
        await using var controller = await StartAsync(null, null, a, b, down);
        var members = controller.Services.GetRequiredService<MemberSet>();
        await Eventually.HoldsAsync(() => members.HealthyCount == 2, "the member whose /healthz answers 503 to be marked down");

        using var first = await RawHttpConnection.OpenAsync(controller.HttpAddress!);
        var pinnedTo = (await first.GetAsync("/x/0")).Member;
        Assert.Contains(pinnedTo, new[] { "a", "b" });

        // The first connection holds a session on its member, so the next one goes to the other.
        using var second = await RawHttpConnection.OpenAsync(controller.HttpAddress!);
        var other = (await second.GetAsync("/y/0")).Member;
        Assert.Equal(pinnedTo == "a" ? "b" : "a", other);

        // Sequential requests would alternate between equal members per request; pinned, each connection keeps its member.
        for (var i = 1; i <= 5; i++)
        {
            var onFirst = await first.GetAsync($"/x/{i}");
            var onSecond = await second.GetAsync($"/y/{i}");
            Assert.Equal(200, onFirst.Status);
            Assert.Equal($"{pinnedTo} GET /x/{i} ", onFirst.Body);
            Assert.Equal($"{other} GET /y/{i} ", onSecond.Body);
        }

        Assert.Equal(0, down.Requests);
        Assert.Equal(2, controller.Services.GetRequiredService<PinnedHttpFrontDoor>().OpenSessions.Count);
    }

    [Theory]
    [InlineData(1, 0, "session limit")]
    [InlineData(10, 1, "holds its share")]
    public async Task Pinned_ClusterFullOrClientAtItsShare_NewConnectionGets503WithRelocate_ThePinnedOneGoesOn(int maxSessions, int perClient, string reason)
    {
        await using var member = await HttpMember.StartAsync("m1");
        await using var controller = await StartAsync(
            options =>
            {
                options.MaxSessions = maxSessions;
                options.MaxSessionsPerClient = perClient;
            },
            null,
            member);
        using var pinned = await RawHttpConnection.OpenAsync(controller.HttpAddress!);
        Assert.Equal(200, (await pinned.GetAsync("/first")).Status);

        using var refused = await RawHttpConnection.OpenAsync(controller.HttpAddress!);
        var answer = await refused.GetAsync("/second");

        AssertRelocation(answer, reason);
        await AssertClosedAsync(refused.Socket);
        Assert.Equal("m1 GET /again ", (await pinned.GetAsync("/again")).Body);
        Assert.Equal(2, member.Requests);
    }

    [Fact]
    public async Task Pinned_NoHealthyMember_NewConnectionGets503WithRelocate()
    {
        await using var member = await HttpMember.StartAsync("m1");
        member.Healthy = false;
        await using var controller = await StartAsync(null, null, member);
        var members = controller.Services.GetRequiredService<MemberSet>();
        await Eventually.HoldsAsync(() => members.HealthyCount == 0, "the member to be marked down");

        using var connection = await RawHttpConnection.OpenAsync(controller.HttpAddress!);
        var answer = await connection.GetAsync("/orders");

        AssertRelocation(answer, "No member of the cluster is healthy.");
        await AssertClosedAsync(connection.Socket);
        Assert.Equal(0, member.Requests);
    }

    [Fact]
    public async Task Pinned_Drain_NewConnectionsGet503_PinnedOnesServeUntilTheDrainTimeoutCutsThem()
    {
        // The drain timeout runs on a fake clock moved by the test: the wall clock of a busy machine has no say.
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var member = await HttpMember.StartAsync("m1");
        await using var controller = await StartAsync(options => options.DrainTimeout = TimeSpan.FromMinutes(1), time, member);
        using var pinned = await RawHttpConnection.OpenAsync(controller.HttpAddress!);
        Assert.Equal(200, (await pinned.GetAsync("/before")).Status);

        var stopping = controller.StopAsync();

        var gate = controller.Services.GetRequiredService<SessionGate>();
        await Eventually.HoldsAsync(() => gate.IsDraining, "the drain to start");
        using (var late = await RawHttpConnection.OpenAsync(controller.HttpAddress!))
        {
            AssertRelocation(await late.GetAsync("/late"), "draining");
        }

        Assert.Equal("m1 GET /during ", (await pinned.GetAsync("/during")).Body);
        Assert.False(stopping.IsCompleted, "The controller stopped while a pinned connection was open, before the drain timeout.");

        var closed = pinned.Socket.ReceiveUntilClosedAsync();
        await AdvanceUntilAsync(time, stopping, "the stop");
        var (data, _) = await closed.DefaultTimeout();
        Assert.Empty(data);
        Assert.Equal(0, gate.Live);
    }

    [Fact]
    public async Task Pinned_ConnectionSilentForTheIdleTimeout_IsClosedAndFreesItsSession()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var member = await HttpMember.StartAsync("m1");
        await using var controller = await StartAsync(options => options.IdleTimeout = TimeSpan.FromMinutes(1), time, member);
        using var pinned = await RawHttpConnection.OpenAsync(controller.HttpAddress!);
        Assert.Equal(200, (await pinned.GetAsync("/once")).Status);
        var gate = controller.Services.GetRequiredService<SessionGate>();
        Assert.Equal(1, gate.Live);

        var closed = pinned.Socket.ReceiveUntilClosedAsync();
        await AdvanceUntilAsync(time, closed, "the silent connection's close");

        Assert.Empty((await closed).Data);
        Assert.True(time.GetUtcNow() - DateTimeOffset.UnixEpoch >= TimeSpan.FromMinutes(1), "Closed before the idle timeout.");
        await Eventually.HoldsAsync(() => gate.Live == 0, "the connection's session to be freed");
    }

    [Fact]
    public async Task Pinned_HeadOverKestrelsLimit_Answered431AndClosed_NoMemberReached()
    {
        await using var member = await HttpMember.StartAsync("m1");
        await using var controller = await StartAsync(null, null, member);
        var limits = new Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerLimits();
        var limit = limits.MaxRequestLineSize + limits.MaxRequestHeadersTotalSize;
        using var connection = await RawHttpConnection.OpenAsync(controller.HttpAddress!);

        // One byte over, and no end of the head: exactly what the door reads before it answers.
        var start = "GET /big HTTP/1.1\r\nHost: front-door\r\nX-Padding: ";
        await connection.Socket.SendAllAsync(Encoding.ASCII.GetBytes(start + new string('p', limit + 1 - start.Length)));

        var answer = await connection.ReadAnswerAsync();
        Assert.Equal(431, answer.Status);
        Assert.Equal("close", answer.Headers["Connection"]);
        await AssertClosedAsync(connection.Socket);
        Assert.Equal(0, member.Requests);
    }

    [Fact]
    public async Task Pinned_NotAnHttp1RequestLine_Answered400AndClosed()
    {
        await using var member = await HttpMember.StartAsync("m1");
        await using var controller = await StartAsync(null, null, member);
        using var connection = await RawHttpConnection.OpenAsync(controller.HttpAddress!);

        await connection.Socket.SendAllAsync("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray());

        Assert.Equal(400, (await connection.ReadAnswerAsync()).Status);
        await AssertClosedAsync(connection.Socket);
        Assert.Equal(0, member.Requests);
    }

    [Fact]
    public async Task Pinned_OverTls_ServesTheMemberOnOneConnection_AndOffersHttp11Only()
    {
        using var certificates = TestCertificates.Create();
        await using var member = await HttpMember.StartAsync("m1");
        await using var controller = await TestController.StartAsync(
            options =>
            {
                options.HttpMode = HttpFrontDoorMode.Pinned;
                options.Listen.Add(new Uri("https://127.0.0.1:0"));
                options.FrontDoorTlsCert = certificates.ServerCertFile;
                options.FrontDoorTlsKey = certificates.ServerKeyFile;
                options.Members.Add(member.Address);
                options.HealthPath = HttpMember.HealthPath;
                options.Locators.Add(LoopbackPorts.DeadUrl());
            },
            tcp: false);
        var handler = new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 1 };
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificateFromFile(certificates.CaFile));
        handler.SslOptions.CertificateChainPolicy = policy;
        using var client = new HttpClient(handler) { BaseAddress = controller.HttpAddress, Timeout = TimeoutExtensions.DefaultTimeoutTimeSpan };

        for (var i = 0; i < 3; i++)
        {
            // HTTP/2 asked for, HTTP/1.1 accepted: ALPN must not offer h2 on a pinned door.
            using var request = new HttpRequestMessage(HttpMethod.Post, $"orders/{i}")
            {
                Content = new StringContent("over tls"),
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            };
            using var response = await client.SendAsync(request).DefaultTimeout();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(HttpVersion.Version11, response.Version);
            Assert.Equal($"m1 POST /orders/{i} over tls", await response.Content.ReadAsStringAsync());
        }

        Assert.Single(controller.Services.GetRequiredService<PinnedHttpFrontDoor>().OpenSessions);
    }

    /// <summary>The per-request door's relocation: 503, Retry-After 1, the relocate header, Connection: close and a problem saying why.</summary>
    private static void AssertRelocation(RawHttpAnswer answer, string reason)
    {
        Assert.Equal(503, answer.Status);
        Assert.Equal("1", answer.Headers["Retry-After"]);
        Assert.Equal("true", answer.Headers[WireHeaders.Relocate]);
        Assert.Equal("close", answer.Headers["Connection"]);
        Assert.Equal(Problem.ContentType, answer.Headers["Content-Type"]);
        var problem = JsonSerializer.Deserialize(answer.Body, ProtocolJsonContext.Wire.Problem)!;
        Assert.Equal("Relocate", problem.Title);
        Assert.Equal(503, problem.Status);
        Assert.Contains(reason, problem.Detail, StringComparison.Ordinal);
        Assert.EndsWith("Ask the locator for another cluster.", problem.Detail, StringComparison.Ordinal);
    }

    /// <summary>
    /// Moves the fake clock 10 s at a time until <paramref name="done"/> ends: a timer may be armed only
    /// once the work before it has run, so one big step could come too early.
    /// </summary>
    private static async Task AdvanceUntilAsync(FakeTimeProvider time, Task done, string what)
    {
        for (var steps = 0; !done.IsCompleted; steps++)
        {
            Assert.True(steps < 100, $"Waited for {what} through 100 steps of 10 s on the fake clock.");
            time.Advance(TimeSpan.FromSeconds(10));
            await Task.WhenAny(done, Task.Delay(100));
        }

        await done.DefaultTimeout();
    }

    private static async Task AssertClosedAsync(Socket socket)
    {
        var (data, _) = await socket.ReceiveUntilClosedAsync();
        Assert.Empty(data);
    }
}
