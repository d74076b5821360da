using System.Net;
using ClusterLocator.Controller;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Integration.Tests.Embedding;

/// <summary>An ASP.NET Core app that registers itself with <c>AddClusterController</c>.</summary>
public sealed class EmbeddedControllerTests
{
    [Fact]
    public async Task EmbeddedApp_RegistersItself_CountsRequestsInFlight_AndDeregistersOnStop()
    {
        await using var locator = await TestLocator.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddClusterController(options =>
        {
            options.ClusterId = "self";
            options.Service = "orders";
            options.Capacity = 1;
            options.ReportInterval = TimeSpan.FromMilliseconds(100);
            options.ReportHostUsage = false;
            options.Locators.Add(locator.BaseAddress);
        });
        await using var app = builder.Build();
        app.MapGet("/slow", async () => await release.Task);
        await app.StartAsync().DefaultTimeout();
        var self = new Uri(app.Urls.First());

        // Registered with its own address.
        ClusterView? view = null;
        await Eventually.HoldsAsync(async () => (view = (await locator.ClustersAsync()).Clusters.SingleOrDefault()) is not null, "the app to register");
        Assert.Equal("orders", view!.Service);
        Assert.Equal(self.ToString().TrimEnd('/'), Assert.Single(view.Endpoints).Address);

        // One request in flight is one session; at capacity 1 the next is sent back to the locator.
        using var http = new HttpClient { BaseAddress = self };
        var slow = http.GetAsync("slow");
        await Eventually.HoldsAsync(async () => (await locator.ClustersAsync()).Clusters.Single().Load.Sessions == 1, "the request in flight to be reported");
        using (var refused = await http.GetAsync("slow").DefaultTimeout())
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("true", refused.Headers.GetValues(WireHeaders.Relocate).Single());
        }

        release.SetResult();
        using (var done = await slow.DefaultTimeout())
        {
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        }

        await app.StopAsync().DefaultTimeout();
        Assert.Empty((await locator.ClustersAsync()).Clusters);
    }

    [Fact]
    public void AddClusterController_InvalidOptions_ThrowsListingEveryProblem()
    {
        var builder = WebApplication.CreateSlimBuilder();

        var error = Assert.Throws<ArgumentException>(() => builder.Services.AddClusterController(options => options.Service = "bad name"));

        Assert.Contains("cluster id", error.Message, StringComparison.Ordinal);
        Assert.Contains("service", error.Message, StringComparison.Ordinal);
        Assert.Contains("capacity", error.Message, StringComparison.Ordinal);
        Assert.Contains("No locator", error.Message, StringComparison.Ordinal);
    }
}
