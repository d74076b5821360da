using ClusterLocator.Locator.Registry;
using ClusterLocator.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClusterLocator.Locator.Tests;

/// <summary><c>AddClusterLocator</c>: options from code or configuration, checked when the application starts.</summary>
public class ClusterLocatorServiceCollectionExtensionsTests
{
    private static IHost Build(Action<HostApplicationBuilder> configure)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        configure(builder);
        return builder.Build();
    }

    [Fact]
    public void BindConfiguration_SetsTheOptions()
    {
        using var host = Build(builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ClusterLocator:Policy"] = "p2c",
                ["ClusterLocator:ReportInterval"] = "00:00:02",
                ["ClusterLocator:Lease"] = "00:00:10",
                ["ClusterLocator:Urls:0"] = "http://127.0.0.1:7401",
                ["ClusterLocator:StorePrefix"] = "/other/",
            });
            builder.Services.AddClusterLocator().BindConfiguration("ClusterLocator");
        });

        var options = host.Services.GetRequiredService<LocatorOptions>();

        Assert.Equal("p2c", options.Policy);
        Assert.Equal(TimeSpan.FromSeconds(2), options.ReportInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Lease);
        Assert.Equal(["http://127.0.0.1:7401"], options.Urls);
        Assert.Equal("/other/", options.StorePrefix);
    }

    [Fact]
    public async Task Start_InvalidOptions_FailsListingEveryProblem()
    {
        using var host = Build(builder => builder.Services.AddClusterLocator(options =>
        {
            options.Policy = "fastest";
            options.ReportInterval = TimeSpan.FromSeconds(2);
            options.Lease = TimeSpan.FromSeconds(1);
        }));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync()).DefaultTimeout();

        Assert.Equal(2, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.StartsWith("LocatorOptions.Policy", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("LocatorOptions.Lease", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_MemoryStore_StartsWithoutTheEtcdStore()
    {
        using var host = Build(builder => builder.Services.AddClusterLocator());

        await host.StartAsync().DefaultTimeout();

        Assert.Equal("memory", host.Services.GetRequiredService<IClusterStore>().Kind);
        await host.StopAsync().DefaultTimeout();
    }

    [Fact]
    public void EtcdStore_IsTheStoreTheOptionsName()
    {
        using var host = Build(builder => builder.Services.AddClusterLocator(options => options.Store = "etcd://127.0.0.1:1"));

        Assert.Equal("etcd", host.Services.GetRequiredService<IClusterStore>().Kind);
    }

    [Fact]
    public void AddClusterLocator_Twice_RegistersOneLocator()
    {
        var services = new ServiceCollection();
        services.AddClusterLocator();
        var count = services.Count;

        services.AddClusterLocator(options => options.Policy = "p2c");

        Assert.Equal(count + 1, services.Count);
    }
}
