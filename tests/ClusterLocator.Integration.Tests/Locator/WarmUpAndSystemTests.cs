using System.Net;
using System.Net.Http.Json;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Locator;

public sealed class WarmUpAndSystemTests
{
    [Fact]
    public async Task WarmUp_LocateAnswers503WithRetryAfter_ThenPlaces()
    {
        await using var locator = await TestLocator.StartAsync(o => o.WarmUp = null);
        await locator.RegisterAsync("a", Reports.Create());

        using (var warming = await locator.LocateAsync("service=erp"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, warming.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(3), warming.Headers.RetryAfter?.Delta);
            Assert.Contains("just started", (await locator.ProblemAsync(warming)).Detail, StringComparison.Ordinal);
        }

        using (var ready = await locator.Http.GetAsync("readyz").DefaultTimeout())
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }

        locator.Time.Advance(TimeSpan.FromSeconds(2));
        await locator.RegisterAsync("a", Reports.Create(seq: 2));
        locator.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("a", (await locator.LocateOkAsync("service=erp")).ClusterId);
        using var readyNow = await locator.Http.GetAsync("readyz").DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, readyNow.StatusCode);
    }

    [Fact]
    public async Task Healthz_IsOkEvenWhileWarmingUp()
    {
        await using var locator = await TestLocator.StartAsync(o => o.WarmUp = null);

        using var response = await locator.Http.GetAsync("healthz").DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Status_DescribesTheLocator()
    {
        await using var locator = await TestLocator.StartAsync(o => o.Policy = "p2c");
        await locator.RegisterAsync("a", Reports.Create());
        await locator.RegisterAsync("b", Reports.Create(service: "crm", state: ClusterStates.Draining));

        var status = (await locator.Http.GetFromJsonAsync("v1/status", ProtocolJsonContext.Default.LocatorStatus).DefaultTimeout())!;

        Assert.Equal("p2c", status.Policy);
        Assert.Equal("memory", status.Store.Kind);
        Assert.True(status.Ready);
        Assert.Equal(2, status.Clusters);
        Assert.Equal(1, status.EligibleClusters);
        Assert.Equal(2, status.Services);
    }

    [Fact]
    public async Task Metrics_ExposesPrometheusCounters()
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("a", Reports.Create());
        await locator.LocateOkAsync("service=erp");

        await Eventually.HoldsAsync(
            async () =>
            {
                var text = await locator.Http.GetStringAsync("metrics");
                return text.Contains("clusterlocator_locate_requests_total{", StringComparison.Ordinal)
                    && text.Contains("clusterlocator_placements_total{", StringComparison.Ordinal)
                    && text.Contains("cluster_id=\"a\"", StringComparison.Ordinal);
            },
            "the placement to show in /metrics");
    }

    [Fact]
    public async Task Dashboard_IsServedAsHtml()
    {
        await using var locator = await TestLocator.StartAsync();

        using var response = await locator.Http.GetAsync("").DefaultTimeout();

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("dashboard/dashboard.js", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clusters_FilteredByService_ListsOnlyThatService()
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("a", Reports.Create(service: "erp"));
        await locator.RegisterAsync("b", Reports.Create(service: "crm"));

        var list = (await locator.Http.GetFromJsonAsync("v1/clusters?service=crm", ProtocolJsonContext.Default.ClusterList).DefaultTimeout())!;

        Assert.Equal("b", Assert.Single(list.Clusters).ClusterId);
    }
}
