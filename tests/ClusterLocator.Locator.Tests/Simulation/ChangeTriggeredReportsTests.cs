using ClusterLocator.Locator.Placement;
using ClusterLocator.Locator.Simulation;

namespace ClusterLocator.Locator.Tests.Simulation;

public class ChangeTriggeredReportsTests
{
    private static readonly QueueSimulationOptions EveryUnit = new() { ReportInterval = 1, Arrivals = 200_000, WarmUp = 20_000, Seed = 7 };

    [Fact]
    public void ReportOnChange_AtATenthOfTheInterval_BringsBestNearJsq()
    {
        var simulator = new QueueSimulator(EveryUnit with { ReportOnChange = 0.1 });

        var ratio = simulator.Run(PlacementPolicies.Best).MeanTimeInSystem / simulator.Run(SimulationPolicies.ShortestQueue).MeanTimeInSystem;

        // Periodic reports alone leave it at about 1.72x.
        Assert.True(ratio <= 1.15, $"best at {ratio:F3}x jsq");
    }

    [Fact]
    public void PeriodicReportsOnly_OnePerClusterPerInterval()
    {
        var result = new QueueSimulator(EveryUnit with { ReportInterval = 0.5 }).Run(PlacementPolicies.Best);

        Assert.Equal(2, result.ReportsPerClusterPerUnit, 2);
    }

    [Fact]
    public void ReportOnChange_NeverMoreOftenThanTheFloorAllows_AndFewerWithAHigherThreshold()
    {
        var everySession = new QueueSimulator(EveryUnit with { ReportOnChange = 0.1 }).Run(PlacementPolicies.Best);
        var everyThird = new QueueSimulator(EveryUnit with { ReportOnChange = 0.1, ReportChangeThreshold = 3 }).Run(PlacementPolicies.Best);

        // A change report comes at least 0.1 after any report: at most 10 per unit, plus the periodic one.
        Assert.InRange(everySession.ReportsPerClusterPerUnit, 1.5, 11);
        Assert.True(
            everyThird.ReportsPerClusterPerUnit < everySession.ReportsPerClusterPerUnit,
            $"threshold 3: {everyThird.ReportsPerClusterPerUnit:F2}, threshold 1: {everySession.ReportsPerClusterPerUnit:F2} reports per cluster per unit");
    }

    [Fact]
    public void Validate_ChangeSettingsOutOfRange_NameBothProperties()
    {
        var problems = (EveryUnit with { ReportOnChange = 2, ReportChangeThreshold = 0 }).Validate();

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("QueueSimulationOptions.ReportOnChange ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("QueueSimulationOptions.ReportChangeThreshold ", StringComparison.Ordinal));
    }
}
