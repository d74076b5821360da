using ClusterLocator.Locator.Placement;
using ClusterLocator.Locator.Simulation;

namespace ClusterLocator.Locator.Tests.Simulation;

public class ChangeTriggeredReportsTests
{
    private static readonly QueueSimulationOptions EveryUnit = new() { ReportInterval = 1, Arrivals = 200_000, WarmUp = 20_000, Seed = 7 };

    [Fact]
    public void ReportOnChange_CloseMostOfTheGapToJsq_MoreWithASmallerFloor()
    {
        var jsq = new QueueSimulator(EveryUnit).Run(SimulationPolicies.ShortestQueue).MeanTimeInSystem;
        var tenth = new QueueSimulator(EveryUnit with { ReportOnChange = 0.1 }).Run(PlacementPolicies.Best).MeanTimeInSystem / jsq;
        var twentieth = new QueueSimulator(EveryUnit with { ReportOnChange = 0.05 }).Run(PlacementPolicies.Best).MeanTimeInSystem / jsq;

        // Periodic reports alone leave best at about 1.72x jsq; a change reported the moment the floor
        // allows closes most of that gap, and a smaller floor closes more.
        Assert.True(tenth <= 1.15, $"best at {tenth:F3}x jsq with FLOOR 0.1");
        Assert.True(twentieth < tenth, $"best at {twentieth:F3}x jsq with FLOOR 0.05, {tenth:F3}x with 0.1");
    }

    [Fact]
    public void ReportOnChange_ThresholdNeverReached_LeavesThePeriodicReportsAsTheyWere()
    {
        // The looks and the wake-ups between reports send nothing and do not move the periodic schedule.
        var result = new QueueSimulator(EveryUnit with { ReportOnChange = 0.1, ReportChangeThreshold = 1_000_000 }).Run(PlacementPolicies.Best);

        Assert.Equal(1, result.ReportsPerClusterPerUnit, 2);
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

        // No report comes sooner than a floor after the previous one, and a triggered report restarts
        // the periodic wait: at most 10 reports per unit in all.
        Assert.InRange(everySession.ReportsPerClusterPerUnit, 1.5, 10);
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
