using System.Net;
using System.Net.Http.Json;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Locator;

/// <summary>
/// <c>GET /v1/clusters</c> in pages: a registry of thousands of clusters is listed whole, each once,
/// without one answer carrying them all.
/// </summary>
public sealed class ClusterListPagingTests(ThousandsOfClustersFixture registry) : IClassFixture<ThousandsOfClustersFixture>
{
    private const int Clusters = ThousandsOfClustersFixture.Clusters;
    private readonly TestLocator _locator = registry.Locator;

    private static string Id(int i) => ThousandsOfClustersFixture.Id(i);

    private async Task<ClusterList> PageAsync(string query) =>
        (await _locator.Http.GetFromJsonAsync($"v1/clusters?{query}", ProtocolJsonContext.Default.ClusterList).DefaultTimeout())!;

    /// <summary>Follows <c>next</c> from the first page of <paramref name="query"/>; every cluster, and the page sizes.</summary>
    private async Task<(List<string> Ids, List<int> Pages)> AllPagesAsync(string query)
    {
        var ids = new List<string>();
        var pages = new List<int>();
        string? after = null;
        do
        {
            var page = await PageAsync(after is null ? query : $"{query}&after={after}");
            ids.AddRange(page.Clusters.Select(c => c.ClusterId));
            pages.Add(page.Clusters.Count);
            after = page.Next;
            Assert.True(pages.Count <= 100, "next never ends");
        }
        while (after is not null);

        return (ids, pages);
    }

    [Fact]
    public async Task Pages_OfLimit_ListEveryClusterExactlyOnce_InIdOrder()
    {
        var (ids, pages) = await AllPagesAsync("limit=700");

        Assert.Equal([700, 700, 700, 400], pages);
        Assert.Equal(Enumerable.Range(0, Clusters).Select(Id), ids);
    }

    [Fact]
    public async Task FirstPage_WithoutLimit_HoldsTheDefault500_AndNextIsItsLastId()
    {
        var page = await PageAsync(string.Empty);

        Assert.Equal(500, page.Clusters.Count);
        Assert.Equal(page.Clusters[^1].ClusterId, page.Next);
    }

    [Fact]
    public async Task LastPage_HasNoNext()
    {
        var page = await PageAsync($"limit=10&after={Id(Clusters - 5)}");

        Assert.Equal(4, page.Clusters.Count);
        Assert.Null(page.Next);
        Assert.DoesNotContain("\"next\"", await _locator.Http.GetStringAsync($"v1/clusters?after={Id(Clusters - 5)}").DefaultTimeout(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_ServiceStateAndZone_ListOnlyWhatMatches_AcrossPages()
    {
        var (ids, _) = await AllPagesAsync("limit=100&service=s2&state=draining&zone=even");

        // i % 5 == 2, i % 10 == 0 and even cannot all hold; i % 5 == 0 and draining and even can.
        Assert.Empty(ids);
        var (drainingEven, _) = await AllPagesAsync("limit=100&service=s0&state=draining&zone=even");
        Assert.Equal(Enumerable.Range(0, Clusters).Where(i => i % 10 == 0).Select(Id), drainingEven);
        var (odd, _) = await AllPagesAsync("limit=1000&zone=odd&state=active");
        Assert.Equal(Enumerable.Range(0, Clusters).Where(i => i % 2 == 1).Select(Id), odd);
    }

    [Theory]
    [InlineData("limit=0", "'limit'")]
    [InlineData("limit=1001", "'limit'")]
    [InlineData("limit=ten", "'limit'")]
    [InlineData("limit=-1", "'limit'")]
    [InlineData("state=dead", "'state'")]
    [InlineData("after=a%20b", "'after'")]
    [InlineData("zone=..", "'zone'")]
    [InlineData("service=a/b", "'service'")]
    public async Task BadParameter_Returns400NamingIt(string query, string named)
    {
        using var response = await _locator.Http.GetAsync($"v1/clusters?{query}").DefaultTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await _locator.ProblemAsync(response);
        Assert.Equal(ProblemTypes.InvalidRequest, problem.Type);
        Assert.Contains(named, problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CliClusters_ListsEveryCluster()
    {
        var (exitCode, stdout, stderr) = await CliProcess.RunAsync("clusters", "--locator", _locator.BaseAddress.ToString(), "--json");

        Assert.True(exitCode == 0, stderr);
        var list = System.Text.Json.JsonSerializer.Deserialize(stdout, ProtocolJsonContext.Default.ClusterList)!;
        Assert.Equal(Enumerable.Range(0, Clusters).Select(Id), list.Clusters.Select(c => c.ClusterId));
        Assert.Null(list.Next);
    }
}
