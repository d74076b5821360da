using System.Net;
using System.Text;
using ClusterLocator.Controller;
using ClusterLocator.Controller.Diagnostics;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterLocator.Integration.Tests.Telemetry;

/// <summary>
/// The controller's <c>/metrics</c> on its admin listener: sessions, refusals, members' health, the
/// bytes through each front door and the report round-trips, with real sessions over loopback.
/// </summary>
public sealed class ControllerAdminListenerTests
{
    [Fact]
    public async Task Metrics_TcpFrontDoor_CountSessionsRefusalsMembersBytesAndReports()
    {
        await using var locator = await TestLocator.StartAsync();
        await using var member = EchoServer.Start();
        await using var controller = await TestController.StartAsync(options => Configure(options, locator.BaseAddress, member.Address, maxSessions: 1));
        using var admin = AdminClient(controller);

        // One session takes the only place; a second one is refused as the cluster is full.
        using var session = await LoopbackSocket.ConnectAsync(controller.TcpEndPoint!);
        await session.AssertEchoesAsync("twelve bytes");
        await LoopbackSocket.AssertTurnedAwayAsync(controller.TcpEndPoint!, TimeSpan.FromSeconds(10));

        var text = string.Empty;
        await Eventually.HoldsAsync(
            async () =>
            {
                text = await admin.GetStringAsync("metrics").DefaultTimeout();
                return Scrape.Value(text, "clusterlocator_controller_refusals_total", "reason=\"full\"") >= 1
                    && Scrape.Value(text, "clusterlocator_controller_report_duration_seconds_count", "result=\"answered\"") >= 1;
            },
            "the refusal and an answered report to show on the admin listener");

        Assert.Equal(1, Scrape.Value(text, "clusterlocator_controller_sessions", "cluster_id=\"c1\"", "service_name=\"erp\""));
        Assert.Equal(1, Scrape.Value(text, "clusterlocator_controller_sessions_limit"));
        Assert.Equal(1, Scrape.Value(text, "clusterlocator_controller_member_healthy", $"member=\"{member.Address}\""));
        Assert.Equal(1, Scrape.Value(text, "clusterlocator_controller_member_sessions", $"member=\"{member.Address}\""));
        Assert.True(Scrape.Value(text, "clusterlocator_controller_front_door_bytes_total", "door=\"tcp\"", "direction=\"received\"") >= Encoding.UTF8.GetByteCount("twelve bytes"), text);
        Assert.True(Scrape.Value(text, "clusterlocator_controller_front_door_bytes_total", "door=\"tcp\"", "direction=\"sent\"") >= Encoding.UTF8.GetByteCount("twelve bytes"), text);
        Assert.Contains("dotnet_gc_heap_total_allocated_bytes_total", Scrape.SeriesNames(text));
    }

    [Fact]
    public async Task Metrics_HttpFrontDoor_CountBytesBothWays()
    {
        await using var locator = await TestLocator.StartAsync();
        await using var member = await HttpMember.StartAsync("m1");
        await using var controller = await TestController.StartAsync(options => Configure(options, locator.BaseAddress, member.Address), tcp: false, http: true);
        using var admin = AdminClient(controller);
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = controller.HttpAddress };

        using var response = await client.PostAsync("orders", new StringContent(new string('x', 10_000))).DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadAsByteArrayAsync().DefaultTimeout();

        var text = string.Empty;
        await Eventually.HoldsAsync(
            async () =>
            {
                text = await admin.GetStringAsync("metrics").DefaultTimeout();
                return Scrape.Value(text, "clusterlocator_controller_front_door_bytes_total", "door=\"http\"", "direction=\"received\"") >= 10_000
                    && Scrape.Value(text, "clusterlocator_controller_front_door_bytes_total", "door=\"http\"", "direction=\"sent\"") >= answer.Length;
            },
            "the request's and the answer's bytes to be counted on the HTTP front door");
    }

    [Fact]
    public async Task AdminListener_Off_ByDefaultInTheLibrary()
    {
        await using var locator = await TestLocator.StartAsync();
        await using var member = EchoServer.Start();
        await using var controller = await TestController.StartAsync(options =>
        {
            options.Members.Add(member.Address);
            options.Locators.Add(locator.BaseAddress);
        });

        Assert.Null(controller.Services.GetService<AdminListener>());
    }

    private static void Configure(ControllerOptions options, Uri locator, string member, int? maxSessions = null)
    {
        options.Members.Add(member);
        options.Locators.Add(locator);
        options.MaxSessions = maxSessions;

        // No per-client share: the one test client's second session is refused as the cluster is full.
        options.MaxSessionsPerClient = 0;
        options.AdminUrls.Add("http://127.0.0.1:0");
    }

    private static HttpClient AdminClient(TestController controller)
    {
        var addresses = controller.Services.GetRequiredService<AdminListener>().Addresses;
        Assert.NotEmpty(addresses);
        return new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(addresses[0] + "/") };
    }
}
