using System.Net;
using System.Net.Http.Json;
using ClusterLocator.Controller.Reporting;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterLocator.Integration.Tests.Controller;

/// <summary>
/// Someone who can write to the locator reports under a controller's incarnation with the largest
/// seq, so that every real report is refused as out of order: the controller takes a new
/// incarnation and is current again, instead of staying pinned until someone restarts it.
/// </summary>
public sealed class PinnedIncarnationTests
{
    [Fact]
    public async Task Pinned_AtTheLargestSeq_ControllerTakesANewIncarnation_AndIsCurrentAgain()
    {
        await using var locator = await TestLocator.StartAsync(options => options.ReportInterval = TestController.ReportInterval);
        await using var echo = EchoServer.Start();
        await using var controller = await TestController.StartAsync(options =>
        {
            options.Members.Add(echo.Address);
            options.Locators.Add(locator.BaseAddress);
        });
        await Eventually.HoldsAsync(async () => await locator.ClusterAsync("c1") is { Eligible: true }, "the controller to register");
        var agent = controller.Services.GetRequiredService<ReportingAgent>();
        var pinned = agent.Incarnation;

        var forged = Reports.Create(tcp: "127.0.0.1:1") with { Incarnation = pinned, Seq = long.MaxValue };
        using (var put = await locator.Http.PutAsJsonAsync("v1/clusters/c1", forged, ProtocolJsonContext.Default.ClusterReport).DefaultTimeout())
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        // The next real report is refused; the one after, under a new incarnation, replaces the forged one.
        await Eventually.HoldsAsync(() => agent.Incarnation != pinned, "the controller to take a new incarnation");
        await Eventually.HoldsAsync(
            async () => (await locator.LocateOkAsync("service=erp")).Address == controller.TcpAdvertised,
            "placements to go to the controller's own address again");
    }
}
