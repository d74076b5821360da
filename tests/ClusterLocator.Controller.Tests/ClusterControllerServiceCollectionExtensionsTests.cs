using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClusterLocator.Controller.Tests;

public sealed class ClusterControllerServiceCollectionExtensionsTests
{
    private static ControllerOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddClusterController().Bind(configuration.GetSection("Controller"));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<ControllerOptions>>().Value;
    }

    [Fact]
    public void AddClusterController_BindsEveryKindOfOptionFromConfiguration()
    {
        var options = Bind(new()
        {
            ["Controller:ClusterId"] = "orders-1",
            ["Controller:Service"] = "orders",
            ["Controller:Capacity"] = "200",
            ["Controller:MaxSessions"] = "150",
            ["Controller:Zone"] = "eu-1",
            ["Controller:Locators:0"] = "http://127.0.0.1:7400",
            ["Controller:Locators:1"] = "http://127.0.0.1:7401",
            ["Controller:ReportInterval"] = "00:00:00.250",
            ["Controller:ReportHostUsage"] = "false",
        });

        Assert.Equal("orders-1", options.ClusterId);
        Assert.Equal("orders", options.Service);
        Assert.Equal(200, options.Capacity);
        Assert.Equal(150, options.MaxSessions);
        Assert.Equal("eu-1", options.Zone);
        Assert.Equal([new Uri("http://127.0.0.1:7400"), new Uri("http://127.0.0.1:7401")], options.Locators);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.ReportInterval);
        Assert.False(options.ReportHostUsage);
    }

    [Fact]
    public void AddClusterController_InvalidOptions_FailValidationListingEveryProblemByProperty()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Controller:Service"] = "bad name" }));

        Assert.Contains(error.Failures, f => f.StartsWith("ControllerOptions.ClusterId is missing", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("ControllerOptions.Service 'bad name' is invalid", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("ControllerOptions.Capacity 0 is invalid", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("No locator", StringComparison.Ordinal));

        // Embedded: the application is its own front door and only member.
        Assert.DoesNotContain(error.Failures, f => f.Contains("ControllerOptions.Listen", StringComparison.Ordinal));
        Assert.DoesNotContain(error.Failures, f => f.Contains("ControllerOptions.Members", StringComparison.Ordinal));
    }
}
