using System.Net;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.Extensions.Time.Testing;
using static ClusterLocator.Client.Tests.LocatorAnswers;

namespace ClusterLocator.Client.Tests;

public sealed class ClusterLocatorHttpHandlerTests : IDisposable
{
    private readonly FakeHttpServers _locators = new();
    private readonly FakeHttpServers _clusters = new();
    private readonly LocatorClient _client;

    public ClusterLocatorHttpHandlerTests()
    {
        _locators.Answer(A, FirstEligible("a", "b", "c"));
        _client = TestClients.Create(_locators, new FakeTimeProvider(), locatorUrls: A);
    }

    public void Dispose() => _client.Dispose();

    private HttpClient NewHttpClient(HttpMessageHandler? inner = null, int maxAttempts = 3, LocateOptions? options = null) =>
        new(new ClusterLocatorHttpHandler(_client, "erp", options, maxAttempts) { InnerHandler = inner ?? _clusters })
        {
            BaseAddress = new Uri("http://erp/"),
        };

    private static HttpResponseMessage Relocate() =>
        new(HttpStatusCode.ServiceUnavailable) { Headers = { { WireHeaders.Relocate, "full" } } };

    private static HttpResponseMessage Ok(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body) };

    [Fact]
    public async Task Send_ClusterSaysRelocate_GetIsRetriedOnAnotherClusterWithItExcluded()
    {
        _clusters.Answer(HttpAddress("a"), _ => Relocate());
        _clusters.Answer(HttpAddress("b"), _ => Ok("from b"));
        using var http = NewHttpClient();

        using var response = await http.GetAsync(new Uri("orders/42", UriKind.Relative)).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("from b", await response.Content.ReadAsStringAsync().DefaultTimeout());
        Assert.Equal(["a.erp.test", "b.erp.test"], _clusters.HostsAsked);
        Assert.Equal([null, "a"], _locators.Requests.Select(r => r.Query("exclude")));
        Assert.All(_locators.Requests, r => Assert.Equal(Protocols.Http, r.Query("protocol")));
    }

    [Fact]
    public async Task Send_ClusterSaysRelocate_PostIsNotRetried_AndTheNextRequestIsPlacedAfresh()
    {
        _clusters.Answer(HttpAddress("a"), _ => Relocate());
        using var http = NewHttpClient();

        using var response = await http.PostAsync(new Uri("orders", UriKind.Relative), new StringContent("{\"item\":1}")).DefaultTimeout();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.Contains(WireHeaders.Relocate));
        Assert.Equal(["a.erp.test"], _clusters.HostsAsked);

        // The placement on "a" (ttl 5 s) was dropped: the next request asks the locator again.
        _clusters.Answer(HttpAddress("a"), _ => Ok("from a"));
        using var next = await http.GetAsync(new Uri("orders", UriKind.Relative)).DefaultTimeout();
        Assert.Equal(2, _locators.Requests.Count);
    }

    [Fact]
    public async Task Send_503WithoutRelocate_IsReturnedAsItIs()
    {
        _clusters.Answer(HttpAddress("a"), _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        using var http = NewHttpClient();

        using var response = await http.GetAsync(new Uri("orders", UriKind.Relative)).DefaultTimeout();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(["a.erp.test"], _clusters.HostsAsked);
    }

    [Fact]
    public async Task Send_ClusterUnreachable_PostIsRetriedElsewhereWithItsBody()
    {
        _clusters.Answer(HttpAddress("b"), _ => Ok("from b"));
        using var http = NewHttpClient();

        using var response = await http.PostAsync(new Uri("orders", UriKind.Relative), new StringContent("{\"item\":1}")).DefaultTimeout();

        Assert.Equal("from b", await response.Content.ReadAsStringAsync().DefaultTimeout());
        Assert.Equal(["a.erp.test", "b.erp.test"], _clusters.HostsAsked);
        Assert.Equal((HttpMethod.Post, "{\"item\":1}"), (_clusters.Requests[1].Method, _clusters.Requests[1].Body));
        Assert.Equal("a", _locators.Requests[^1].Query("exclude"));
    }

    [Theory]
    [InlineData("http://a.erp.test:8080/", "http://a.erp.test:8080/orders/42?expand=lines&q=a%20b")]
    [InlineData("http://a.erp.test:8080/erp/", "http://a.erp.test:8080/erp/orders/42?expand=lines&q=a%20b")]
    [InlineData("http://a.erp.test:8080/erp", "http://a.erp.test:8080/erp/orders/42?expand=lines&q=a%20b")]
    [InlineData("https://a.erp.test/", "https://a.erp.test/orders/42?expand=lines&q=a%20b")]
    public async Task Send_KeepsPathAndQuery_RebasedOntoThePlacementAddress(string address, string expected)
    {
        _locators.Answer(A, _ => Placement("a", protocol: Protocols.Http, address: address));
        var cluster = new Uri(address);
        _clusters.Answer(cluster, _ => Ok("ok"));
        using var http = NewHttpClient();

        using var response = await http.GetAsync(new Uri("orders/42?expand=lines&q=a%20b", UriKind.Relative)).DefaultTimeout();

        Assert.Equal(expected, Assert.Single(_clusters.Requests).Uri.AbsoluteUri);
    }

    [Fact]
    public async Task Send_EscapedPath_IsNotEscapedTwice()
    {
        _clusters.Answer(HttpAddress("a"), _ => Ok("ok"));
        using var http = NewHttpClient();

        using var response = await http.GetAsync(new Uri("files/a%20b%2Fc", UriKind.Relative)).DefaultTimeout();

        Assert.Equal("/files/a%20b%2Fc", Assert.Single(_clusters.Requests).Uri.AbsolutePath);
    }

    [Fact]
    public async Task Send_NothingEligible_ThrowsHttpRequestExceptionCarryingTheLocatorsReason()
    {
        _locators.Answer(A, _ => NoEligible());
        using var http = NewHttpClient();

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri("orders", UriKind.Relative)).DefaultTimeout());

        var cause = Assert.IsType<NoEligibleClusterException>(ex.InnerException);
        Assert.Equal(NoEligibleDetail, cause.Problem!.Detail);
        Assert.Equal(HttpRequestError.ConnectionError, ex.HttpRequestError);
        Assert.Empty(_clusters.Requests);
    }

    [Fact]
    public async Task Send_NoLocatorAnswers_ThrowsHttpRequestExceptionCarryingEachLocatorsReason()
    {
        _locators.Unreachable(A);
        using var http = NewHttpClient();

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri("orders", UriKind.Relative)).DefaultTimeout());

        var cause = Assert.IsType<LocatorUnavailableException>(ex.InnerException);
        Assert.Contains("Connection refused", Assert.Single(cause.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_EveryClusterUnreachable_GivesUpAfterMaxAttemptsListingEach()
    {
        using var http = NewHttpClient(maxAttempts: 2);

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri("orders", UriKind.Relative)).DefaultTimeout());

        Assert.Equal(["a.erp.test", "b.erp.test"], _clusters.HostsAsked);
        Assert.Equal(HttpRequestError.ConnectionError, ex.HttpRequestError);
        Assert.Contains("after trying 2 cluster(s)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("a at http://a.erp.test:8080/", ex.Message, StringComparison.Ordinal);
        Assert.Contains("b at http://b.erp.test:8080/", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ExcludeListAlreadyFull_GivesUpAfterTheFirstUnreachableCluster()
    {
        // The locator ignores exclusions here, so asking again could only land on "a" again.
        _locators.Answer(A, _ => Placement("a", protocol: Protocols.Http));
        var excluded = Enumerable.Range(0, LocateRequest.MaxExcluded).Select(i => $"x{i}").ToArray();
        using var http = NewHttpClient(maxAttempts: 3, options: new LocateOptions { Exclude = excluded });

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri("orders", UriKind.Relative)).DefaultTimeout());

        Assert.Equal(["a.erp.test"], _clusters.HostsAsked);
        Assert.Single(_locators.Requests);
        Assert.Equal(HttpRequestError.ConnectionError, ex.HttpRequestError);
        Assert.Contains("after trying 1 cluster(s)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_OverRealSockets_ARefusedClusterIsSkippedEvenForPost()
    {
        await using var live = LoopbackHttpServer.Echo();
        var dead = new Uri($"http://{LoopbackListener.DeadAddress()}/");
        _locators.Answer(A, request => request.RequestUri!.Query.Contains("exclude", StringComparison.Ordinal)
            ? Placement("live", protocol: Protocols.Http, address: live.Url.AbsoluteUri)
            : Placement("dead", protocol: Protocols.Http, address: dead.AbsoluteUri));
        using var http = NewHttpClient(new SocketsHttpHandler());

        using var response = await http.PostAsync(new Uri("orders?x=1", UriKind.Relative), new StringContent("item")).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("POST /orders?x=1 item", await response.Content.ReadAsStringAsync().DefaultTimeout());
        Assert.Equal("dead", _locators.Requests[^1].Query("exclude"));
    }

    [Fact]
    public async Task Send_OverRealSockets_AGetTurnedAwayByAFullClusterIsSentAgainToAnother()
    {
        await using var full = LoopbackHttpServer.Relocating();
        await using var live = LoopbackHttpServer.Echo();
        _locators.Answer(A, request => request.RequestUri!.Query.Contains("exclude", StringComparison.Ordinal)
            ? Placement("live", protocol: Protocols.Http, address: live.Url.AbsoluteUri)
            : Placement("full", protocol: Protocols.Http, address: full.Url.AbsoluteUri));
        using var http = NewHttpClient(new SocketsHttpHandler());

        using var response = await http.GetAsync(new Uri("orders?x=1", UriKind.Relative)).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("GET /orders?x=1 ", await response.Content.ReadAsStringAsync().DefaultTimeout());
        Assert.Equal(1, full.Requests);
        Assert.Equal("full", _locators.Requests[^1].Query("exclude"));
    }
}
