using ClusterLocator.Locator.Placement;
using ClusterLocator.Locator.Simulation;

namespace ClusterLocator.Locator.Tests.Simulation;

public class SharedPlacementsTests
{
    private static readonly QueueSimulationOptions ThreeLocators = new()
    {
        ReportInterval = 0.1,
        Locators = 3,
        Arrivals = 200_000,
        WarmUp = 20_000,
        Seed = 7,
    };

    [Fact]
    public void ThreeLocators_SharingByDefault_AreNearOneLocator_AndFarBetterThanCountingAlone()
    {
        var shared = new QueueSimulator(ThreeLocators).Run(PlacementPolicies.Best).MeanTimeInSystem;
        var alone = new QueueSimulator(ThreeLocators with { SharePlacements = false }).Run(PlacementPolicies.Best).MeanTimeInSystem;
        var one = new QueueSimulator(ThreeLocators with { Locators = 1 }).Run(PlacementPolicies.Best).MeanTimeInSystem;

        // Counting alone, each locator sends a third of a burst to the cluster it alone thinks emptiest.
        Assert.True(shared < alone * 0.93, $"shared {shared:F3}, each counting only its own {alone:F3}");
        Assert.True(shared < one * 1.05, $"shared {shared:F3}, one locator {one:F3}");
    }

    [Fact]
    public void ShareInterval_DefaultsToATenthOfTheReportInterval_WithSeveralLocatorsOnly()
    {
        Assert.Equal(0.01, ThreeLocators.EffectiveShareInterval!.Value, 12);
        Assert.Equal(0.05, (ThreeLocators with { ShareInterval = 0.05 }).EffectiveShareInterval);
        Assert.Null((ThreeLocators with { SharePlacements = false }).EffectiveShareInterval);
        Assert.Null((ThreeLocators with { Locators = 1 }).EffectiveShareInterval);
    }

    [Fact]
    public void SharingLess_OftenIsWorse_ThanSharingOften()
    {
        var often = new QueueSimulator(ThreeLocators with { ShareInterval = 0.01 }).Run(PlacementPolicies.Best).MeanTimeInSystem;
        var rarely = new QueueSimulator(ThreeLocators with { ShareInterval = 0.1 }).Run(PlacementPolicies.Best).MeanTimeInSystem;

        Assert.True(often < rarely, $"every 0.01: {often:F3}, every 0.1: {rarely:F3}");
    }

    [Fact]
    public void Validate_ShareIntervalOutOfRange_NamesIt()
    {
        var problems = (ThreeLocators with { ShareInterval = 0 }).Validate();

        Assert.Single(problems, p => p.StartsWith("QueueSimulationOptions.ShareInterval ", StringComparison.Ordinal));
    }
}
