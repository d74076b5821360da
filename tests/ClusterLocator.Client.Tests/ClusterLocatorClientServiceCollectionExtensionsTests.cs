using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static ClusterLocator.Client.Tests.LocatorAnswers;

namespace ClusterLocator.Client.Tests;

public sealed class ClusterLocatorClientServiceCollectionExtensionsTests
{
    [Fact]
    public void AddClusterLocatorClient_ResolvesOneClientOfTheConfiguredLocators()
    {
        var services = new ServiceCollection();
        services.AddClusterLocatorClient(o =>
        {
            o.Locators.Add(A);
            o.Locators.Add(B);
        });
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<LocatorClient>();

        Assert.Equal([A, B], client.Locators);
        Assert.Same(client, provider.GetRequiredService<LocatorClient>());
    }

    [Fact]
    public void AddClusterLocatorClient_InvalidOptions_ThrowsOptionsValidationNamingEveryProblem()
    {
        var services = new ServiceCollection();
        services.AddClusterLocatorClient(o => o.MaxAttempts = 0);
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<LocatorClient>());

        Assert.Contains("LocatorClientOptions.Locators is empty", ex.Message, StringComparison.Ordinal);
        Assert.Contains("LocatorClientOptions.MaxAttempts is 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddClusterLocatorClient_InvalidOptions_FailTheStartUpValidation()
    {
        var services = new ServiceCollection();
        services.AddClusterLocatorClient();
        using var provider = services.BuildServiceProvider();

        // What a host runs at start-up, before anything asks for the client.
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("LocatorClientOptions.Locators is empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddClusterLocator_SendsTheNamedClientsRequestsToThePlacedCluster()
    {
        var locators = new FakeHttpServers();
        locators.Answer(A, FirstEligible("a", "b"));
        var clusters = new FakeHttpServers();
        clusters.Answer(HttpAddress("a"), _ => new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable) { Headers = { { WireHeaders.Relocate, "draining" } } });
        clusters.Answer(HttpAddress("b"), _ => new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent("from b") });
        using var provider = ErpClientWithTwoAttempts(locators, clusters);
        using var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient("erp");

        using var response = await http.GetAsync(new Uri("orders/42", UriKind.Relative)).DefaultTimeout();

        Assert.Equal("from b", await response.Content.ReadAsStringAsync().DefaultTimeout());
        Assert.Equal([new Uri("http://a.erp.test:8080/orders/42"), new Uri("http://b.erp.test:8080/orders/42")], clusters.Requests.Select(r => r.Uri));
        Assert.All(locators.Requests, r => Assert.Equal(("erp", Protocols.Http), (r.Query("service"), r.Query("protocol"))));
    }

    [Fact]
    public async Task AddClusterLocator_MaxAttemptsComeFromTheClientOptions()
    {
        var locators = new FakeHttpServers();
        locators.Answer(A, FirstEligible("a", "b", "c"));
        var clusters = new FakeHttpServers();
        using var provider = ErpClientWithTwoAttempts(locators, clusters);
        using var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient("erp");

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri("orders", UriKind.Relative)).DefaultTimeout());

        Assert.Equal(["a.erp.test", "b.erp.test"], clusters.HostsAsked);
    }

    [Fact]
    public void AddClusterLocator_InvalidService_IsRejectedAtRegistration()
    {
        var services = new ServiceCollection();

        var ex = Assert.Throws<ArgumentException>(() => services.AddHttpClient("erp").AddClusterLocator("not a service"));

        Assert.Contains("'service' is 'not a service'", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>The named client "erp" through the SDK's handler, MaxAttempts 2, over fake locators and clusters.</summary>
    private static ServiceProvider ErpClientWithTwoAttempts(FakeHttpServers locators, FakeHttpServers clusters)
    {
        var services = new ServiceCollection();
        services.AddClusterLocatorClient(o =>
        {
            o.Locators.Add(A);
            o.MaxAttempts = 2;
        });
        services.AddHttpClient(ClusterLocatorClientServiceCollectionExtensions.LocatorHttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => locators);
        services.AddHttpClient("erp", http => http.BaseAddress = new Uri("http://erp/"))
            .AddClusterLocator("erp")
            .ConfigurePrimaryHttpMessageHandler(() => clusters);
        return services.BuildServiceProvider();
    }
}
