using System.Net.Sockets;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Controller;

/// <summary>What a real locator's <c>/v1/clusters</c> shows of a real controller, and how soon after a change.</summary>
public sealed class LocatorViewTests
{
    /// <summary>
    /// The locator asks for this interval, and the controller adopts it. How soon a change shows is the
    /// interval's business, tested on a fake clock in ReportingAgentTests; here the wall clock runs, so
    /// the waits are the default bound and a stalled machine only makes a test slower.
    /// </summary>
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private static Task<TestLocator> StartLocatorAsync() => TestLocator.StartAsync(options => options.ReportInterval = Interval);

    private static async Task<ClusterView> WaitForClusterAsync(TestLocator locator)
    {
        ClusterView? view = null;
        await Eventually.HoldsAsync(async () => (view = await locator.ClusterAsync("c1")) is not null, "the controller to register");
        return view!;
    }

    [Fact]
    public async Task Clusters_ShowTheControllersBoundEndpointsAndConfiguration()
    {
        await using var locator = await StartLocatorAsync();
        await using var a = await HttpMember.StartAsync("a");
        await using var b = await HttpMember.StartAsync("b");
        await using var controller = await TestController.StartAsync(
            options =>
            {
                options.ClusterId = "c1";
                options.Service = "billing";
                options.Zone = "eu-1";
                options.Capacity = 250;
                options.Members.Add(a.Address);
                options.Members.Add(b.Address);
                options.Locators.Add(locator.BaseAddress);
            },
            tcp: true,
            http: true);

        var view = await WaitForClusterAsync(locator);

        Assert.NotEqual(0, controller.TcpEndPoint!.Port);
        Assert.NotEqual(0, controller.HttpAddress!.Port);
        Assert.Equal(
            new[] { $"http {controller.HttpAdvertised}", $"tcp {controller.TcpAdvertised}" },
            view.Endpoints.Select(e => $"{e.Protocol} {e.Address}").Order(StringComparer.Ordinal));
        Assert.Equal("billing", view.Service);
        Assert.Equal("eu-1", view.Zone);
        Assert.Equal(ClusterStates.Active, view.State);
        Assert.True(view.Eligible);
        Assert.Equal(250, view.Load.Capacity);
        Assert.Equal(0, view.Load.Sessions);
        Assert.Null(view.Load.Cpu);
        Assert.Null(view.Load.Memory);

        // And a client is sent to the real, bound front doors.
        Assert.Equal(controller.TcpAdvertised, (await locator.LocateOkAsync("service=billing&protocol=tcp")).Address);
        Assert.Equal(controller.HttpAdvertised, (await locator.LocateOkAsync("service=billing&protocol=http")).Address);
    }

    [Fact]
    public async Task Clusters_ShowLiveTcpSessions_AsTheyOpenAndEnd()
    {
        await using var locator = await StartLocatorAsync();
        await using var echo = EchoServer.Start();
        await using var controller = await TestController.StartAsync(options =>
        {
            options.Members.Add(echo.Address);
            options.Locators.Add(locator.BaseAddress);
        });
        await WaitForClusterAsync(locator);
        var sessions = new List<Socket>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                sessions.Add(await LoopbackSocket.ConnectAsync(controller.TcpEndPoint!));
                await sessions[^1].AssertEchoesAsync($"session {i}");
            }

            await Eventually.HoldsAsync(
                async () => await locator.ClusterAsync("c1") is { Load.Sessions: 3 },
                "the locator to show 3 sessions");

            sessions[0].Dispose();
            sessions[1].Dispose();

            await Eventually.HoldsAsync(
                async () => await locator.ClusterAsync("c1") is { Load.Sessions: 1 },
                "the locator to show 1 session after two end");
        }
        finally
        {
            sessions.ForEach(s => s.Dispose());
        }

        await Eventually.HoldsAsync(
            async () => await locator.ClusterAsync("c1") is { Load.Sessions: 0 },
            "the locator to show 0 sessions after the last ends");
    }

    [Fact]
    public async Task Clusters_ShowMemberHealth_AsAMemberFailsAndRecovers()
    {
        await using var locator = await StartLocatorAsync();
        await using var a = await HttpMember.StartAsync("a");
        await using var b = await HttpMember.StartAsync("b");
        await using var controller = await TestController.StartAsync(
            options =>
            {
                options.Members.Add(a.Address);
                options.Members.Add(b.Address);
                options.Locators.Add(locator.BaseAddress);
            },
            tcp: false,
            http: true);
        await Eventually.HoldsAsync(
            async () => await locator.ClusterAsync("c1") is { Load: { HealthyMembers: 2, Members: 2 } },
            "the locator to show 2 healthy members of 2");

        a.Healthy = false;

        // The controller needs two failed probes to call the member down; the report follows.
        await Eventually.HoldsAsync(
            async () => await locator.ClusterAsync("c1") is { Load: { HealthyMembers: 1, Members: 2 } },
            "the locator to show 1 healthy member of 2");
        var view = await locator.ClusterAsync("c1");
        Assert.Equal(0.5, view!.Health, 3);

        a.Healthy = true;

        await Eventually.HoldsAsync(
            async () => await locator.ClusterAsync("c1") is { Load: { HealthyMembers: 2, Members: 2 } },
            "the locator to show 2 healthy members of 2 again");
    }
}
