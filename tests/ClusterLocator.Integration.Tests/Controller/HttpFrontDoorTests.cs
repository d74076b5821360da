using System.Net;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Controller;

/// <summary>The HTTP front door: real requests through a real controller to real Kestrel members.</summary>
public sealed class HttpFrontDoorTests
{
    private static Task<TestController> StartAsync(params HttpMember[] members) =>
        TestController.StartAsync(
            options =>
            {
                foreach (var member in members)
                {
                    options.Members.Add(member.Address);
                }

                options.HealthPath = HttpMember.HealthPath;
                options.Locators.Add(LoopbackPorts.DeadUrl());
            },
            tcp: false,
            http: true);

    private static HttpClient ClientOf(TestController controller) =>
        new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = controller.HttpAddress, Timeout = TimeoutExtensions.DefaultTimeoutTimeSpan };

    /// <summary>Sends <paramref name="count"/> requests one after another; returns which member answered each.</summary>
    private static async Task<List<string>> AnsweringMembersAsync(HttpClient client, int count)
    {
        var names = new List<string>();
        for (var i = 0; i < count; i++)
        {
            using var response = await client.GetAsync($"work/{i}").DefaultTimeout();
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"Request {i} answered {(int)response.StatusCode}: {body}");
            names.Add(body.Split(' ')[0]);
        }

        return names;
    }

    [Fact]
    public async Task HttpFrontDoor_Request_ReachesTheMemberWithMethodPathQueryAndBody()
    {
        await using var member = await HttpMember.StartAsync("m1");
        await using var controller = await StartAsync(member);
        using var client = ClientOf(controller);

        using var response = await client.PostAsync("orders/7?expand=lines", new StringContent("hello member")).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("m1 POST /orders/7?expand=lines hello member", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, member.Requests);
    }

    [Fact]
    public async Task HttpFrontDoor_TwoMembers_BothGetRequests()
    {
        await using var a = await HttpMember.StartAsync("a");
        await using var b = await HttpMember.StartAsync("b");
        await using var controller = await StartAsync(a, b);
        using var client = ClientOf(controller);

        var names = await AnsweringMembersAsync(client, 20);

        Assert.All(names, n => Assert.Contains(n, new[] { "a", "b" }));
        Assert.True(names.Count(n => n == "a") >= 5, $"Member a answered {names.Count(n => n == "a")} of 20.");
        Assert.True(names.Count(n => n == "b") >= 5, $"Member b answered {names.Count(n => n == "b")} of 20.");
    }

    [Fact]
    public async Task HttpFrontDoor_MemberHealthzFails_GetsNoNewRequestUntilItRecovers()
    {
        await using var a = await HttpMember.StartAsync("a");
        await using var b = await HttpMember.StartAsync("b");
        await using var controller = await StartAsync(a, b);
        using var client = ClientOf(controller);
        Assert.Contains("a", await AnsweringMembersAsync(client, 4));

        a.Healthy = false;

        // Two failed probes mark it down. Sequential requests alternate over healthy members, so
        // four requests with none on 'a' mean it is out of the rotation.
        await Eventually.HoldsAsync(
            async () =>
            {
                var before = a.Requests;
                await AnsweringMembersAsync(client, 4);
                return a.Requests == before;
            },
            "member 'a' to get no more requests once its /healthz answers 503");
        var seen = a.Requests;
        Assert.All(await AnsweringMembersAsync(client, 20), n => Assert.Equal("b", n));
        Assert.Equal(seen, a.Requests);

        a.Healthy = true;

        await Eventually.HoldsAsync(
            async () => (await AnsweringMembersAsync(client, 2)).Contains("a"),
            "member 'a' to get requests again once its /healthz answers 200");
    }
}
