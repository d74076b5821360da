using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Locator.Dashboard;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Dashboard;

/// <summary>
/// <c>GET /dashboard/stream</c> over HTTP, on a fake clock: a page of one service's clusters, the
/// samples since the last frame, and the bounds a client cannot pass.
/// </summary>
public sealed class DashboardStreamTests : IAsyncLifetime
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private TestLocator _locator = null!;

    public async Task InitializeAsync()
    {
        _locator = await TestLocator.StartAsync(options => options.ReportInterval = TimeSpan.FromSeconds(10));
        for (var i = 0; i < 120; i++)
        {
            await _locator.RegisterAsync($"erp-{i:000}", Reports.Create(sessions: i, capacity: 1000));
        }

        await _locator.RegisterAsync("crm-1", Reports.Create(service: "crm"));
    }

    public async Task DisposeAsync() => await _locator.DisposeAsync();

    /// <summary>An open stream: its frames, read as they come; disposing closes it.</summary>
    private sealed class FrameReader(HttpResponseMessage response, IAsyncEnumerator<SseItem<string>> events) : IAsyncDisposable
    {
        public async Task<DashboardFrame> NextAsync()
        {
            Assert.True(await events.MoveNextAsync().AsTask().DefaultTimeout(), "The stream ended.");
            Assert.Equal(DashboardStream.EventType, events.Current.EventType);
            return JsonSerializer.Deserialize(events.Current.Data, DashboardJsonContext.Default.DashboardFrame)!;
        }

        public async ValueTask DisposeAsync()
        {
            await events.DisposeAsync();
            response.Dispose();
        }
    }

    private async Task<FrameReader> OpenAsync(string query)
    {
        var response = await _locator.Http.GetAsync($"dashboard/stream?{query}", HttpCompletionOption.ResponseHeadersRead).DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStreamAsync();
        return new FrameReader(response, SseParser.Create(body).EnumerateAsync().GetAsyncEnumerator());
    }

    [Fact]
    public async Task Stream_PageOfAService_SendsThoseClustersWithTheirHistory_ThenEachNewSample()
    {
        _locator.Time.Advance(Second);

        await using var stream = await OpenAsync("service=erp&page=1&pageSize=50");
        var first = await stream.NextAsync();

        Assert.True(first.Full);
        Assert.Equal(new PageInfo("erp", 1, 50, 120), first.Page);
        Assert.Equal(3, first.Page.Pages);
        Assert.Equal(Enumerable.Range(50, 50).Select(i => $"erp-{i:000}"), first.Rows.Select(r => r.ClusterId));
        Assert.Equal(121, first.Header.Clusters);
        Assert.Equal(["crm", "erp"], first.Services!.Select(s => s.Name));
        Assert.Equal([_locator.Time.GetUtcNow().ToUnixTimeMilliseconds()], first.Times);
        Assert.Equal(first.Rows.Select(r => r.ClusterId).Order(StringComparer.Ordinal), first.Series.Keys.Order(StringComparer.Ordinal));

        // erp-050 reported 50 sessions of 1000: health 0.95, in steps of half a percent.
        Assert.Equal([190], first.Series["erp-050"].Health);
        Assert.Equal(0.95, first.Rows[0].Health);

        _locator.Time.Advance(Second);
        var next = await stream.NextAsync();

        Assert.False(next.Full);
        Assert.Equal([_locator.Time.GetUtcNow().ToUnixTimeMilliseconds()], next.Times);
        Assert.Single(next.Series["erp-099"].Health);
        Assert.Null(next.Services);
    }

    [Fact]
    public async Task Stream_ClusterDeregistered_ShowsTheEventAndAFullFrameWithoutIt()
    {
        _locator.Time.Advance(Second);
        await using var stream = await OpenAsync("service=crm");
        var first = await stream.NextAsync();
        Assert.Equal(["crm-1"], first.Rows.Select(r => r.ClusterId));

        using (var deleted = await _locator.Http.DeleteAsync("v1/clusters/crm-1?incarnation=inc-1").DefaultTimeout())
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        _locator.Time.Advance(Second);
        var next = await stream.NextAsync();

        Assert.True(next.Full);
        Assert.Empty(next.Rows);
        Assert.Contains(next.Events, e => e is { Kind: DashboardEventKinds.Deregistered, ClusterId: "crm-1" });
    }

    [Theory]
    [InlineData("pageSize=0", "'pageSize' is '0'")]
    [InlineData("pageSize=201", "'pageSize' is '201': use a number from 1 to 200")]
    [InlineData("page=-1", "'page' is '-1'")]
    [InlineData("service=no%20spaces", "'service' is 'no spaces'")]
    public async Task Stream_QueryOutOfBounds_Answers400WithTheRule(string query, string detail)
    {
        using var response = await _locator.Http.GetAsync($"dashboard/stream?{query}").DefaultTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(detail, (await _locator.ProblemAsync(response)).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_PastTheMostStreamsOpen_Answers429_UntilOneCloses()
    {
        var open = new List<FrameReader>();
        try
        {
            for (var i = 0; i < DashboardStreams.Max; i++)
            {
                open.Add(await OpenAsync("pageSize=1"));
            }

            using (var refused = await _locator.Http.GetAsync("dashboard/stream?pageSize=1").DefaultTimeout())
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
                Assert.Contains($"at most {DashboardStreams.Max} dashboard streams", (await _locator.ProblemAsync(refused)).Detail, StringComparison.Ordinal);
            }

            await open[0].DisposeAsync();
            open.RemoveAt(0);

            await Eventually.HoldsAsync(
                async () =>
                {
                    using var response = await _locator.Http.GetAsync("dashboard/stream?pageSize=1", HttpCompletionOption.ResponseHeadersRead).DefaultTimeout();
                    return response.StatusCode == HttpStatusCode.OK;
                },
                "a stream to be served once another closed");
        }
        finally
        {
            foreach (var reader in open)
            {
                await reader.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Dashboard_ForAnotherHost_Gets421_AsEveryReadRoute()
    {
        foreach (var path in new[] { "", "dashboard/stream", "dashboard/dashboard.js" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = "evil.example";
            using var response = await _locator.Http.SendAsync(request).DefaultTimeout();
            Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("dashboard/uPlot.iife.min.js", "text/javascript")]
    [InlineData("dashboard/uPlot.LICENSE", "text/plain")]
    [InlineData("dashboard/dashboard.css", "text/css")]
    public async Task Assets_AreServedFromTheAssembly(string path, string mediaType)
    {
        using var response = await _locator.Http.GetAsync(path).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Assets_UnknownFile_Answers404()
    {
        using var response = await _locator.Http.GetAsync("dashboard/secrets.json").DefaultTimeout();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
