using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Locator;

/// <summary>Locators given each other as peers share their placement counts over real loopback sockets.</summary>
public sealed class PeerSharingTests
{
    private const string Token = "peer-sharing-test-token-0123";
    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);

    /// <summary>Many sync intervals (100 ms by default here): room for a busy machine.</summary>
    private static readonly TimeSpan Shared = TimeSpan.FromSeconds(10);

    private static async Task<HttpResponseMessage> PostAsync(SystemClockLocator locator, string json, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/placements") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await locator.Http.SendAsync(request).DefaultTimeout();
    }

    [Fact]
    public async Task Locates_OnOneLocator_LowerTheClusterAtItsPeers()
    {
        await using var group = await PeerLocators.StartAsync(3, ReportInterval, options => options.ControllerToken = Token);
        var report = Reports.Create(sessions: 0, capacity: 1000, seq: 3);
        foreach (var locator in group.Locators)
        {
            locator.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            await locator.RegisterAsync("c1", report);
        }

        for (var i = 0; i < 7; i++)
        {
            Assert.NotNull((await group[0].LocateAsync("service=erp")).Placement);
        }

        foreach (var peer in new[] { group[1], group[2] })
        {
            await Eventually.HoldsAsync(
                async () => await peer.ClusterAsync("c1") is { PlacedSinceReport: 7 },
                $"the 7 placements at {group[0].BaseAddress} to be counted at {peer.BaseAddress}",
                Shared);
            Assert.Equal(0.993, (await peer.ClusterAsync("c1"))!.Health, 3);
        }

        // Counted once: the sender hands each placement out once, and the receivers do not pass it on.
        Assert.Equal(7, (await group[0].ClusterAsync("c1"))!.PlacedSinceReport);
    }

    [Theory]
    [InlineData(3, 0)]
    [InlineData(5, 0)]
    [InlineData(4, 6)]
    public async Task Post_AppliesOnlyToTheReportHeld(long seq, long placed)
    {
        await using var group = await PeerLocators.StartAsync(1, ReportInterval, options => options.Insecure = true);
        await group[0].RegisterAsync("c1", Reports.Create(seq: 4));

        using var response = await PostAsync(group[0], $$"""{"locator":"peer","placements":[{"cluster":"c1","incarnation":"inc-1","seq":{{seq}},"count":6},{"cluster":"gone","incarnation":"inc-1","seq":4,"count":6}]}""", token: null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(placed, (await group[0].ClusterAsync("c1"))!.PlacedSinceReport);
    }

    [Fact]
    public async Task Post_WithoutTheToken_Is401AndCountsNothing()
    {
        await using var group = await PeerLocators.StartAsync(1, ReportInterval, options => options.ControllerToken = Token);
        group[0].Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        await group[0].RegisterAsync("c1", Reports.Create(seq: 1));
        group[0].Http.DefaultRequestHeaders.Authorization = null;
        const string Forged = """{"locator":"forger","placements":[{"cluster":"c1","incarnation":"inc-1","seq":1,"count":1000}]}""";

        using var none = await PostAsync(group[0], Forged, token: null);
        using var wrong = await PostAsync(group[0], Forged, token: "not-the-token-at-all-0123");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(0, (await group[0].ClusterAsync("c1"))!.PlacedSinceReport);
    }

    [Theory]
    [InlineData("""{"locator":"x","placements":[{"cluster":"c1","incarnation":"inc-1","seq":1,"count":0}]}""", "placements[0].count is 0")]
    [InlineData("""{"locator":"x","placements":[{"cluster":"c 1","incarnation":"inc-1","seq":1,"count":1}]}""", "placements[0].cluster is 'c 1'")]
    [InlineData("""{"locator":"x"}""", "'placements' is missing")]
    [InlineData("""{"locator":"x","placements":[""", "The body is not a valid placement batch")]
    public async Task Post_Malformed_Is400NamingTheField(string json, string named)
    {
        await using var group = await PeerLocators.StartAsync(1, ReportInterval, options => options.Insecure = true);
        await group[0].RegisterAsync("c1", Reports.Create(seq: 1));

        using var response = await PostAsync(group[0], json, token: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Problem.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(named, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, (await group[0].ClusterAsync("c1"))!.PlacedSinceReport);
    }

    [Fact]
    public async Task Post_OverOneMebibyte_Is413()
    {
        await using var group = await PeerLocators.StartAsync(1, ReportInterval, options => options.Insecure = true);
        var json = """{"locator":"x","placements":[""" + string.Join(',', Enumerable.Repeat("""{"cluster":"c1","incarnation":"inc-1","seq":1,"count":1}""", 20_000)) + "]}";

        // Expect: 100-continue, as a careful sender does: the locator refuses on the Content-Length
        // alone, so the body is never sent. Sent regardless, the locator would answer and close while
        // the client still wrote, and the client would see a broken pipe instead of the 413.
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/placements") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;

        using var response = await group[0].Http.SendAsync(request).DefaultTimeout();

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Post_AFullChunkToALocatorHoldingFewerClusters_IsTaken()
    {
        // The sender splits at PlacementSender.MaxItemsPerRequest whatever its peers hold: a locator
        // with a smaller --max-clusters must still take a full chunk (the unknown clusters are dropped).
        await using var group = await PeerLocators.StartAsync(1, ReportInterval, options =>
        {
            options.Insecure = true;
            options.MaxClusters = 1000;
        });
        static string Batch(int items) => """{"locator":"peer","placements":[""" + string.Join(',', Enumerable.Range(0, items).Select(i => $$"""{"cluster":"c{{i}}","incarnation":"inc-1","seq":1,"count":1}""")) + "]}";

        using var full = await PostAsync(group[0], Batch(4000), token: null);
        using var over = await PostAsync(group[0], Batch(4001), token: null);

        Assert.Equal(HttpStatusCode.NoContent, full.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        Assert.Contains("send at most 4000 in one request", await over.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task Post_NotJson_Is415AndCountsNothing(string? contentType)
    {
        // A web page may POST text or a form cross-site without asking first; an open loopback
        // locator must not take counts from it.
        await using var group = await PeerLocators.StartAsync(1, ReportInterval, options => options.Insecure = true);
        await group[0].RegisterAsync("c1", Reports.Create(seq: 1));
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"locator":"page","placements":[{"cluster":"c1","incarnation":"inc-1","seq":1,"count":1000}]}"""));
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        using var response = await group[0].Http.PostAsync("v1/placements", content).DefaultTimeout();

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(0, (await group[0].ClusterAsync("c1"))!.PlacedSinceReport);
    }
}
