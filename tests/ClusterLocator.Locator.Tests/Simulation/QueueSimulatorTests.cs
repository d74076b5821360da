using ClusterLocator.Locator.Placement;
using ClusterLocator.Locator.Simulation;

namespace ClusterLocator.Locator.Tests.Simulation;

public class QueueSimulatorTests
{
    [Fact]
    public void ShortestQueue_100ClustersAtLoad09_MatchesTheKnownMean()
    {
        var result = new QueueSimulator(new QueueSimulationOptions { Arrivals = 300_000, WarmUp = 30_000, Seed = 7 })
            .Run(SimulationPolicies.ShortestQueue);

        // Fresh join-the-shortest-queue over 100 servers at load 0.9: 1.075 time units.
        Assert.InRange(result.MeanTimeInSystem, 1.075 * 0.97, 1.075 * 1.03);
    }

    [Fact]
    public void Random_IsAnMM1Queue()
    {
        // Each cluster alone is M/M/1 at ρ = 0.9: 1 / (1 − ρ) = 10. Ten clusters keep it quick;
        // the warm-up lets the queues reach their long steady state.
        var result = new QueueSimulator(new QueueSimulationOptions { Clusters = 10, Arrivals = 2_000_000, WarmUp = 200_000, Seed = 7 })
            .Run(SimulationPolicies.Random);

        Assert.InRange(result.MeanTimeInSystem, 10 * 0.97, 10 * 1.03);
    }

    [Fact]
    public void Best_OneLocatorSyncReportsEveryUnit_IsNearTheBulletinBoardFloor()
    {
        var simulator = new QueueSimulator(new QueueSimulationOptions { Arrivals = 300_000, WarmUp = 30_000, Seed = 7 });

        var ratio = simulator.Run(PlacementPolicies.Best).MeanTimeInSystem / simulator.Run(SimulationPolicies.ShortestQueue).MeanTimeInSystem;

        // The reference simulation of this model gives 1.72×.
        Assert.InRange(ratio, 1.72 * 0.9, 1.72 * 1.1);
    }

    [Fact]
    public void Run_SameSeed_SameResult()
    {
        var options = new QueueSimulationOptions { Clusters = 20, Locators = 3, ReportPhase = ReportPhase.Spread, Arrivals = 20_000, WarmUp = 2_000, Seed = 3 };

        var first = new QueueSimulator(options).Run(PlacementPolicies.PowerOfTwoChoices);
        var second = new QueueSimulator(options).Run(PlacementPolicies.PowerOfTwoChoices);

        Assert.Equal(first.MeanTimeInSystem, second.MeanTimeInSystem);
        Assert.Equal(first.P99TimeInSystem, second.P99TimeInSystem);
        Assert.Equal(first.PlacementShare, second.PlacementShare);
    }

    [Fact]
    public void Run_ReportsShares_AndRefusesNothing()
    {
        var result = new QueueSimulator(new QueueSimulationOptions { Clusters = 10, Arrivals = 20_000, WarmUp = 0 })
            .Run(PlacementPolicies.Weighted);

        Assert.Equal(0, result.Refused);
        Assert.Equal(1.0, result.PlacementShare.Sum(), 9);
        Assert.All(result.CapacityShare, share => Assert.Equal(0.1, share, 12));
    }

    [Fact]
    public void Validate_NamesEveryBadProperty()
    {
        var problems = new QueueSimulationOptions { Clusters = 0, Load = 1, ReportInterval = 0, Locators = 0 }.Validate();

        Assert.Equal(4, problems.Count);
        foreach (var property in new[] { "Clusters", "Load", "ReportInterval", "Locators" })
        {
            Assert.Contains(problems, p => p.StartsWith($"QueueSimulationOptions.{property} ", StringComparison.Ordinal));
        }
    }
}
