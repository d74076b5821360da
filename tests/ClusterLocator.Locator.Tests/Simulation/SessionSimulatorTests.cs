using ClusterLocator.Locator.Placement;
using ClusterLocator.Locator.Simulation;

namespace ClusterLocator.Locator.Tests.Simulation;

public class SessionSimulatorTests
{
    // The demo's fleet and clients (the defaults), with fewer sessions so the test is quick.
    private static readonly SessionSimulationOptions Demo = new() { Arrivals = 20_000, WarmUp = 2_000, Seed = 7 };

    [Fact]
    public void Best_DemoFleet_PlacesInProportionToCapacity()
    {
        var result = new SessionSimulator(Demo).Run(PlacementPolicies.Best);

        Assert.Equal([1.0 / 6, 2.0 / 6, 3.0 / 6], result.CapacityShare, (a, b) => Math.Abs(a - b) < 1e-12);
        for (var i = 0; i < 3; i++)
        {
            Assert.InRange(result.PlacementShare[i] / result.CapacityShare[i], 0.95, 1.05);
        }

        Assert.Equal(0, result.Refused);
    }

    [Fact]
    public void Random_DemoFleet_IgnoresCapacity()
    {
        var result = new SessionSimulator(Demo).Run(SimulationPolicies.Random);

        // A third each, so the small cluster gets about twice its share.
        Assert.InRange(result.PlacementShare[0], 0.30, 0.37);
    }

    [Fact]
    public void MoreClientsThanCapacity_RefusesSessionsPlacedOnAFullCluster()
    {
        var result = new SessionSimulator(Demo with { Clients = 200 }).Run(PlacementPolicies.Best);

        Assert.True(result.Refused > 0, "200 clients on 120 slots: some sessions must be refused");
        Assert.Equal(1.0, result.PlacementShare.Sum(), 9);
    }

    [Theory]
    [InlineData("Exp")]
    [InlineData("LogNormal")]
    [InlineData("Fixed")]
    public void Durations_HaveTheMeanAsked(string kind)
    {
        var result = new SessionSimulator(Demo with { Duration = Enum.Parse<DurationKind>(kind), DurationMean = 2, DurationSigma = 0.5 }).Run(PlacementPolicies.Best);

        Assert.InRange(result.MeanTimeInSystem, 2 * 0.97, 2 * 1.03);
    }

    [Fact]
    public void Trace_DrawsItsDurations()
    {
        var result = new SessionSimulator(Demo with { Duration = DurationKind.Trace, DurationTrace = [0.5, 1.5] }).Run(PlacementPolicies.Best);

        Assert.InRange(result.MeanTimeInSystem, 0.97, 1.03);
        Assert.Equal(1.5, result.P99TimeInSystem);
    }

    [Fact]
    public void TraceFile_BadLine_IsNamedByNumber()
    {
        var durations = DurationTraceFile.Parse(["duration", "0.3", "# a comment", "", "soon", "-1"], out var errors);

        Assert.Null(durations);
        Assert.Equal(["line 5: 'soon'", "line 6: '-1'"], errors.Select(e => e[..e.IndexOf(" is", StringComparison.Ordinal)]));
    }

    [Fact]
    public void TraceFile_Good_GivesEveryDuration()
    {
        var durations = DurationTraceFile.Parse(["0.25", "1e0,ignored", "2"], out var errors);

        Assert.Empty(errors);
        Assert.Equal([0.25, 1, 2], durations!);
    }

    [Fact]
    public void FleetFile_GivesIdsAndCapacities_OrNamesTheBadCluster()
    {
        var fleet = FleetFile.Parse("""{"clusters":[{"id":"small","capacity":20},{"id":"large","capacity":60}]}""", out var none);
        var bad = FleetFile.Parse("""{"clusters":[{"id":"small","capacity":20},{"id":"large"}]}""", out var errors);

        Assert.Empty(none);
        Assert.Equal([new SimulatedCluster("small", 20), new SimulatedCluster("large", 60)], fleet);
        Assert.Null(bad);
        Assert.Contains("'large'", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NamesTheBadSessionProperties()
    {
        var problems = (Demo with { Clusters = [new("c1", 0)], Clients = 0, DurationMean = 0 }).Validate();

        foreach (var property in new[] { "Clusters", "Clients", "DurationMean" })
        {
            Assert.Contains(problems, p => p.StartsWith($"SessionSimulationOptions.{property} ", StringComparison.Ordinal));
        }
    }
}
