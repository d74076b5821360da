using System.Net;
using ClusterLocator.Controller;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
    public async Task AddClusterController_InvalidOptions_StopTheStartListingEveryProblem()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.Services.AddClusterController(options => options.Service = "bad name");
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync().DefaultTimeout());

        Assert.Contains("ControllerOptions.ClusterId", error.Message, StringComparison.Ordinal);
        Assert.Contains("ControllerOptions.Service", error.Message, StringComparison.Ordinal);
        Assert.Contains("ControllerOptions.Capacity", error.Message, StringComparison.Ordinal);
        Assert.Contains("No locator", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddClusterController_BoundFromConfiguration_RegistersWithTheAppsBoundAddress()
    {
        await using var locator = await TestLocator.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ClusterController:ClusterId"] = "from-config",
            ["ClusterController:Service"] = "orders",
            ["ClusterController:Capacity"] = "10",
            ["ClusterController:ReportInterval"] = "00:00:00.100",
            ["ClusterController:ReportHostUsage"] = "false",
            ["ClusterController:Locators:0"] = locator.BaseAddress.ToString(),
        });
        builder.Services.AddClusterController().BindConfiguration("ClusterController");
        await using var app = builder.Build();
        await app.StartAsync().DefaultTimeout();

        var bound = app.Services.GetRequiredService<FrontDoorEndpoints>().Http;
        Assert.NotNull(bound);
        Assert.NotEqual(0, bound.Port);
        ClusterView? view = null;
        await Eventually.HoldsAsync(async () => (view = await locator.ClusterAsync("from-config")) is not null, "the app to register");
        Assert.Equal($"http://127.0.0.1:{bound.Port}", Assert.Single(view!.Endpoints).Address);
        await app.StopAsync().DefaultTimeout();
    }
}
