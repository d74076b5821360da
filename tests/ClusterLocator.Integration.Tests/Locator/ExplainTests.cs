using System.Net;
using System.Net.Http.Json;
using ClusterLocator.Client;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Locator;

/// <summary><c>GET /v1/locate?…&amp;explain=true</c> over a real locator: every cluster's state and the choice, nothing placed.</summary>
public sealed class ExplainTests
{
    private static async Task<LocateExplanation> ExplainOkAsync(TestLocator locator, string query)
    {
        using var response = await locator.LocateAsync(query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Explain '{query}' answered {(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.LocateExplanation)!;
    }

    private static ExplainedCandidate Candidate(LocateExplanation explanation, string id) =>
        Assert.Single(explanation.Candidates, c => c.ClusterId == id);

    [Fact]
    public async Task Explain_DrainingExpiredAndEligible_NamesEachStateAndTheChoiceWithoutPlacing()
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("gone", Reports.Create(sessions: 0, tcp: "127.0.0.1:9001"));
        locator.Time.Advance(locator.Options.EffectiveLease);
        await locator.RegisterAsync("drain", Reports.Create(sessions: 0, state: ClusterStates.Draining, tcp: "127.0.0.1:9002"));
        await locator.RegisterAsync("ok", Reports.Create(sessions: 400, capacity: 1000, cpu: 0.3, members: 4, healthyMembers: 4, tcp: "127.0.0.1:9003"));

        for (var i = 0; i < 3; i++)
        {
            var explanation = await ExplainOkAsync(locator, "service=erp&explain=true");

            Assert.Equal("erp", explanation.Service);
            Assert.Equal("best", explanation.Policy);
            Assert.Equal("ok", explanation.Chosen);
            Assert.Contains("'best'", explanation.Reason, StringComparison.Ordinal);
            Assert.Equal("expired", Candidate(explanation, "gone").State);
            Assert.Equal("draining", Candidate(explanation, "drain").State);
            var ok = Candidate(explanation, "ok");
            Assert.Equal("eligible", ok.State);
            Assert.True(ok.Eligible);
            Assert.Equal(400, ok.Sessions);
            Assert.Equal(1000, ok.Capacity);
            Assert.Equal(0.3, ok.Cpu);
            Assert.Equal(4, ok.Members);
            Assert.Equal(0, ok.PlacedSinceReport);
            Assert.Equal(0.6, ok.Health, 3);
            Assert.NotNull(ok.NextHealth);
            Assert.All(explanation.Candidates.Where(c => c.ClusterId != "ok"), c => Assert.False(c.Eligible));
        }

        Assert.All((await locator.ClustersAsync()).Clusters, c => Assert.Equal(0, c.PlacedSinceReport));
        Assert.Equal("ok", (await locator.LocateOkAsync("service=erp")).ClusterId);
    }

    [Fact]
    public async Task Explain_NothingEligible_Answers200WithTheRefusalReason()
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("drain", Reports.Create(state: ClusterStates.Draining));

        var explanation = await ExplainOkAsync(locator, "service=erp&explain=1");

        Assert.Null(explanation.Chosen);
        Assert.Contains("draining", explanation.Reason, StringComparison.Ordinal);
        Assert.Equal("draining", Assert.Single(explanation.Candidates).State);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("")]
    [InlineData("TRUE")]
    public async Task Explain_BadValue_Is400NamingTheParameter(string value)
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("a", Reports.Create());

        using var response = await locator.LocateAsync($"service=erp&explain={value}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Contains("'explain'", problem.GetRawText(), StringComparison.Ordinal);
        Assert.All((await locator.ClustersAsync()).Clusters, c => Assert.Equal(0, c.PlacedSinceReport));
    }

    [Fact]
    public async Task Explain_False_IsAPlainLocate()
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("a", Reports.Create());

        Assert.Equal("a", (await locator.LocateOkAsync("service=erp&explain=0")).ClusterId);
    }

    // An attacker cannot use explain to ask around the rate limit: it counts as a locate does.
    [Fact]
    public async Task Explain_PastTheClientRate_Is429()
    {
        await using var locator = await TestLocator.StartAsync(options => options.ClientRate = 2);
        await locator.RegisterAsync("a", Reports.Create());

        await ExplainOkAsync(locator, "service=erp&explain=true");
        await ExplainOkAsync(locator, "service=erp&explain=true");
        using var third = await locator.LocateAsync("service=erp&explain=true");

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
    }

    [Fact]
    public async Task ExplainAsync_TheSdk_ReadsTheExplanation()
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("near", Reports.Create(sessions: 800, zone: "eu"));
        await locator.RegisterAsync("far", Reports.Create(sessions: 0, zone: "us"));
        using var client = new LocatorClient([locator.BaseAddress]);

        var explanation = await client.ExplainAsync("erp", new LocateOptions { Zone = "eu", Exclude = ["none"] }).DefaultTimeout();

        Assert.Equal("near", explanation.Chosen);
        Assert.Contains("Zone 'eu'", explanation.Reason, StringComparison.Ordinal);
        Assert.True(Candidate(explanation, "near").ZoneMatch);
        Assert.False(Candidate(explanation, "far").ZoneMatch);
    }
}
