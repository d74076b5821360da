using ClusterLocator.Controller;
using ClusterLocator.Controller.Hosting;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClusterLocator.Integration.Tests.Embedding;

/// <summary>
/// An application that embeds the controller keeps what is its own: its <see cref="HttpClient"/>
/// service and its host's shutdown timeout. The standalone controller still waits for its drain.
/// </summary>
public sealed class EmbeddingHygieneTests
{
    private static WebApplicationBuilder NewApp(Uri locator, Action<ControllerOptions>? configure = null, Action<IServiceCollection>? before = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        before?.Invoke(builder.Services);
        builder.Services.AddClusterController(options =>
        {
            options.ClusterId = "self";
            options.Service = "orders";
            options.Capacity = 10;
            options.ReportInterval = TimeSpan.FromMilliseconds(100);
            options.ReportHostUsage = false;
            options.Locators.Add(locator);
            configure?.Invoke(options);
        });
        return builder;
    }

    [Fact]
    public async Task EmbeddedApp_KeepsItsOwnHttpClientAndShutdownTimeout_AndStillReportsAndDeregisters()
    {
        await using var locator = await TestLocator.StartAsync();
        using var own = new HttpClient();
        var builder = NewApp(locator.BaseAddress, before: services => services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(7)));

        // After the controller, as a library added later would: a TryAdd only wins if nobody registered one.
        builder.Services.TryAddSingleton(own);
        await using var app = builder.Build();
        await app.StartAsync().DefaultTimeout();

        Assert.Same(own, app.Services.GetRequiredService<HttpClient>());
        Assert.Equal(TimeSpan.FromSeconds(7), app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);

        // The controller reports over its own named client.
        await Eventually.HoldsAsync(async () => await locator.ClusterAsync("self") is not null, "the app to register");
        await app.StopAsync().DefaultTimeout();
        Assert.Null(await locator.ClusterAsync("self"));
    }

    [Fact]
    public async Task EmbeddedApp_WithoutItsOwn_GetsNoHttpClientServiceAndTheHostsDefaultShutdownTimeout()
    {
        var builder = NewApp(LoopbackPorts.DeadUrl(), options => options.DrainTimeout = TimeSpan.FromSeconds(45));
        await using var app = builder.Build();

        Assert.Null(app.Services.GetService<HttpClient>());
        Assert.Equal(new HostOptions().ShutdownTimeout, app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    [Fact]
    public async Task ExtendShutdownTimeoutForDrain_OptIn_GivesTheDrainPlusAMargin()
    {
        var builder = NewApp(LoopbackPorts.DeadUrl(), options => options.DrainTimeout = TimeSpan.FromSeconds(45));
        builder.Services.AddOptions<ControllerOptions>().ExtendShutdownTimeoutForDrain();
        await using var app = builder.Build();

        Assert.Equal(TimeSpan.FromSeconds(55), app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    [Fact]
    public void StandaloneController_WaitsForItsDrain()
    {
        var options = new ControllerOptions { ClusterId = "a", Service = "erp", Capacity = 10, DrainTimeout = TimeSpan.FromSeconds(45) };
        options.Listen.Add(new Uri("tcp://127.0.0.1:0"));
        options.Members.Add("127.0.0.1:1");
        options.Locators.Add(LoopbackPorts.DeadUrl());

        using var host = ControllerHost.Build(options);

        Assert.Equal(TimeSpan.FromSeconds(55), host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }
}
