using ClusterLocator.Locator.Dashboard;

namespace ClusterLocator.Locator.Tests.Dashboard;

public sealed class ClusterSeriesTests
{
    [Fact]
    public void Set_KeepsHealthAndUtilizationInHalfPercentSteps_AndPlacementsSaturated()
    {
        var series = new ClusterSeries(first: 0);

        series.Set(0, health: 0.7349, utilization: 1.5, placements: 70_000);
        series.Set(1, health: double.NaN, utilization: -0.2, placements: 3);

        Assert.Equal(147, series.HealthAt(0));
        Assert.Equal(ClusterSeries.Steps, series.UtilizationAt(0));
        Assert.Equal(ushort.MaxValue, series.PlacementsAt(0));
        Assert.Equal(0, series.HealthAt(1));
        Assert.Equal(0, series.UtilizationAt(1));
        Assert.Equal(3, series.PlacementsAt(1));
    }

    [Fact]
    public void Set_WithoutHealth_KeepsAGap()
    {
        var series = new ClusterSeries(first: 3);

        series.Set(3, health: null, utilization: null, placements: 0);

        Assert.Equal(ClusterSeries.Gap, series.HealthAt(3));
        Assert.Equal(ClusterSeries.Gap, series.UtilizationAt(3));
    }

    [Fact]
    public void Set_PastTheLength_OverwritesTheSampleFifteenMinutesOlder()
    {
        var series = new ClusterSeries(first: 0);
        series.Set(5, 0.5, 0.5, 5);

        series.Set(5 + SampleClock.Length, 1, 0, 9);

        Assert.Equal(ClusterSeries.Steps, series.HealthAt(5 + SampleClock.Length));
        Assert.Equal(9, series.PlacementsAt(5 + SampleClock.Length));
    }

    [Fact]
    public void SampleClock_KeepsTheLastLengthSamples_WithTheirTimes()
    {
        var clock = new SampleClock();
        Assert.Equal(-1, clock.Latest);

        for (var n = 0; n < SampleClock.Length + 10; n++)
        {
            Assert.Equal(n, clock.Next(1_000 * n));
        }

        Assert.Equal(SampleClock.Length + 9, clock.Latest);
        Assert.Equal(10, clock.Oldest);
        Assert.Equal(10_000, clock.TimeOf(clock.Oldest));
        Assert.Equal(1_000 * clock.Latest, clock.TimeOf(clock.Latest));
    }
}
