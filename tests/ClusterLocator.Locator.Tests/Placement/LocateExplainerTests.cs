using ClusterLocator.Locator.Placement;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Locator.Tests.Placement;

/// <summary>The explanation of a locate: the real selector's choice, with nothing counted.</summary>
public sealed class LocateExplainerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly ClusterRegistry _registry;
    private readonly ClusterSelector _selector = new(new BestHealthPolicy(new Random(42)));

    public LocateExplainerTests()
    {
        _registry = new ClusterRegistry(new MemoryClusterStore(), _time, new LocatorOptions { ReportInterval = TimeSpan.FromSeconds(1) }, NullLogger<ClusterRegistry>.Instance);
    }

    public void Dispose() => _registry.Dispose();

    private async Task Report(string id, ClusterReport report) =>
        await _registry.ReportAsync(id, report, CancellationToken.None).DefaultTimeout();

    private static LocateRequest Request(string? zone = null, string? protocol = null, params string[] exclude) =>
        new() { Service = "erp", Zone = zone, Protocol = protocol, Exclude = exclude };

    private LocateExplanation Explain(LocateRequest request) =>
        LocateExplainer.Explain(_selector, _registry, _registry.Snapshot.ClustersOf("erp"), request, _registry.Now);

    [Fact]
    public async Task Explain_RoundRobin_UsesUpNoTurn_TheNextLocateTakesTheOneExplained()
    {
        var roundRobin = new ClusterSelector(new RoundRobinPolicy());
        await Report("a", Reports.Create(sessions: 0, capacity: 1000));
        await Report("b", Reports.Create(sessions: 0, capacity: 1000));
        await Report("c", Reports.Create(sessions: 0, capacity: 1000));
        var entries = _registry.Snapshot.ClustersOf("erp");

        var locatedFirst = roundRobin.Select(entries, Request(), _registry.Now).Cluster!.ClusterId;
        var explained = Enumerable.Range(0, 4)
            .Select(_ => LocateExplainer.Explain(roundRobin, _registry, entries, Request(), _registry.Now).Chosen)
            .ToList();
        var locatedNext = roundRobin.Select(entries, Request(), _registry.Now).Cluster!.ClusterId;

        Assert.All(explained, chosen => Assert.Equal(locatedNext, chosen));
        Assert.NotEqual(locatedFirst, locatedNext);
    }

    [Fact]
    public async Task Explain_Best_CountsNothingAndChoosesWhatTheNextLocateChooses()
    {
        await Report("a", Reports.Create(sessions: 500, capacity: 1000));
        await Report("b", Reports.Create(sessions: 100, capacity: 1000, cpu: 0.2, members: 3, healthyMembers: 3));
        await Report("c", Reports.Create(sessions: 300, capacity: 1000));

        for (var i = 0; i < 5; i++)
        {
            var explanation = Explain(Request());

            Assert.All(explanation.Candidates, c => Assert.Equal(0, c.PlacedSinceReport));
            Assert.All(_registry.Snapshot.ClustersOf("erp"), e => Assert.Equal(0, e.Placed));
            Assert.Equal("b", explanation.Chosen);
        }

        var located = _selector.Select(_registry.Snapshot.ClustersOf("erp"), Request(), _registry.Now);
        Assert.Equal("b", located.Cluster!.ClusterId);

        var after = Explain(Request());
        var b = Assert.Single(after.Candidates, c => c.ClusterId == "b");
        Assert.Equal(1, b.PlacedSinceReport);
        Assert.Equal(100, b.Sessions);
        Assert.Equal(1000, b.Capacity);
        Assert.Equal(0.2, b.Cpu);
        Assert.Equal(3, b.Members);
        Assert.Equal(PlacementPolicies.Best, after.Policy);
        Assert.Contains("'best'", after.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_EveryState_IsNamedAndNothingEligibleGivesTheRefusalReason()
    {
        await Report("drain", Reports.Create(state: ClusterStates.Draining));
        await Report("full", Reports.Create(sessions: 1000, capacity: 1000));
        await Report("skip", Reports.Create());
        await Report("httponly", Reports.Create(tcp: null, http: "http://127.0.0.1:9002"));

        var explanation = Explain(Request(protocol: Protocols.Tcp, exclude: "skip"));

        Assert.Null(explanation.Chosen);
        Assert.Contains("None of the 4 clusters", explanation.Reason, StringComparison.Ordinal);
        Assert.Equal(LocateExplainer.Draining, State(explanation, "drain"));
        Assert.Equal(LocateExplainer.ZeroHealth, State(explanation, "full"));
        Assert.Equal(LocateExplainer.Excluded, State(explanation, "skip"));
        Assert.Equal(LocateExplainer.NoProtocol, State(explanation, "httponly"));
        Assert.True(explanation.Candidates.Single(c => c.ClusterId == "skip").Excluded);
        Assert.All(explanation.Candidates, c => Assert.False(c.Eligible));
    }

    [Fact]
    public async Task Explain_Zone_OnlyTheZoneIsConsideredAndTheReasonSaysSo()
    {
        await Report("near", Reports.Create(sessions: 900, zone: "eu"));
        await Report("far", Reports.Create(sessions: 0, zone: "us"));

        var explanation = Explain(Request(zone: "eu"));

        Assert.Equal("near", explanation.Chosen);
        Assert.Contains("Zone 'eu' is preferred", explanation.Reason, StringComparison.Ordinal);
        Assert.True(explanation.Candidates.Single(c => c.ClusterId == "near").ZoneMatch);
        Assert.False(explanation.Candidates.Single(c => c.ClusterId == "far").ZoneMatch);
    }

    [Fact]
    public async Task Explain_ExpiredAndStale_AreShown()
    {
        await Report("old", Reports.Create());
        _time.Advance(TimeSpan.FromSeconds(2.5));
        await Report("late", Reports.Create(sessions: 10));
        _time.Advance(TimeSpan.FromSeconds(1));

        var explanation = Explain(Request());

        Assert.Equal(LocateExplainer.Expired, State(explanation, "old"));
        var late = explanation.Candidates.Single(c => c.ClusterId == "late");
        Assert.Equal(LocateExplainer.Eligible, late.State);
        Assert.Equal(1000, late.ReportAgeMs);
        Assert.Equal("late", explanation.Chosen);
    }

    private static string State(LocateExplanation explanation, string id) =>
        explanation.Candidates.Single(c => c.ClusterId == id).State;
}
