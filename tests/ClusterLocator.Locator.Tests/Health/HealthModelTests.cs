using ClusterLocator.Locator.Health;
using ClusterLocator.Testing;

namespace ClusterLocator.Locator.Tests.Health;

public class HealthModelTests
{
    private const int Precision = 12;
    private const double NoExplicitHealth = -1;

    private static double Compute(double availability = 1, double floor = 0, int sessions = 0, long placed = 0, int capacity = 100, double explicitHealth = NoExplicitHealth) =>
        HealthModel.Compute(availability, floor, sessions, placed, capacity, explicitHealth);

    [Fact]
    public void Compute_IdleCluster_IsOne()
    {
        Assert.Equal(1, Compute());
    }

    [Fact]
    public void Compute_HalfFull_IsHalf()
    {
        Assert.Equal(0.5, Compute(sessions: 50), Precision);
    }

    [Fact]
    public void Compute_Full_IsZero()
    {
        Assert.Equal(0, Compute(sessions: 100));
    }

    [Fact]
    public void Compute_OverCapacity_ClampsToZero()
    {
        Assert.Equal(0, Compute(sessions: 250));
    }

    [Fact]
    public void Compute_PlacedSessions_CountAsSessions()
    {
        Assert.Equal(0.7, Compute(sessions: 20, placed: 10), Precision);
    }

    [Fact]
    public void Compute_PlacedBeyondCapacity_ClampsToZero()
    {
        Assert.Equal(0, Compute(sessions: 90, placed: 20));
    }

    [Fact]
    public void Compute_CpuAboveSessionUtilization_Dominates()
    {
        Assert.Equal(0.2, Compute(floor: 0.8, sessions: 10), Precision);
    }

    [Fact]
    public void Compute_SessionUtilizationAboveFloor_Dominates()
    {
        Assert.Equal(0.4, Compute(floor: 0.3, sessions: 60), Precision);
    }

    [Fact]
    public void Compute_FloorAtOne_IsZero()
    {
        Assert.Equal(0, Compute(floor: 1));
    }

    [Fact]
    public void Compute_TwoOfThreeMembers_ScalesByTwoThirds()
    {
        Assert.Equal(2.0 / 3 * 0.5, Compute(availability: HealthModel.Availability(2, 3), sessions: 50), Precision);
    }

    [Fact]
    public void Compute_NoAvailability_IsZero()
    {
        Assert.Equal(0, Compute(availability: 0));
    }

    [Fact]
    public void Compute_ExplicitHealth_OverridesFormula()
    {
        Assert.Equal(0.9, Compute(availability: 0.5, floor: 0.9, sessions: 99, explicitHealth: 0.9), Precision);
    }

    [Fact]
    public void Compute_ExplicitZero_IsZeroNotFormula()
    {
        Assert.Equal(0, Compute(explicitHealth: 0));
    }

    [Fact]
    public void Compute_ExplicitHealth_IsReducedByPlacedOverCapacity()
    {
        Assert.Equal(0.8 - (10.0 / 200), Compute(placed: 10, capacity: 200, explicitHealth: 0.8), Precision);
    }

    [Fact]
    public void Compute_ExplicitHealthMinusPlaced_ClampsToZero()
    {
        Assert.Equal(0, Compute(placed: 100, capacity: 100, explicitHealth: 0.5));
    }

    [Fact]
    public void Compute_ExplicitAboveOne_ClampsToOne()
    {
        Assert.Equal(1, Compute(explicitHealth: 1.5));
    }

    [Theory]
    [InlineData(double.NaN, 0)]
    [InlineData(1, double.NaN)]
    public void Compute_NaNInput_IsZero(double availability, double floor)
    {
        var health = Compute(availability: availability, floor: floor);

        Assert.False(double.IsNaN(health));
        Assert.Equal(0, health);
    }

    [Fact]
    public void Compute_ZeroCapacity_IsZeroNotNaN()
    {
        Assert.Equal(0, Compute(capacity: 0));
        Assert.Equal(0, Compute(sessions: 1, capacity: 0));
    }

    [Fact]
    public void Compute_NaNExplicitHealth_FallsBackToFormula()
    {
        // NaN fails "explicit >= 0", so the formula applies instead of a NaN health.
        Assert.Equal(0.5, Compute(sessions: 50, explicitHealth: double.NaN), Precision);
    }

    [Theory]
    [InlineData(null, null, 1)]
    [InlineData(null, 3, 1)]
    [InlineData(3, 3, 1)]
    [InlineData(2, 3, 2.0 / 3)]
    [InlineData(0, 3, 0)]
    [InlineData(0, 0, 0)]
    [InlineData(null, 0, 0)]
    public void Availability_HealthyOverMembers(int? healthy, int? members, double expected)
    {
        Assert.Equal(expected, HealthModel.Availability(healthy, members), Precision);
    }

    [Fact]
    public void Availability_MoreHealthyThanMembers_ClampsToOne()
    {
        Assert.Equal(1, HealthModel.Availability(5, 3));
    }

    [Fact]
    public void Of_Report_CombinesLoadMembersAndFloor()
    {
        var report = Reports.Create(sessions: 100, capacity: 1000, cpu: 0.35, memory: 0.5, healthyMembers: 2, members: 4);

        Assert.Equal(0.5 * 0.5, HealthModel.Of(report), Precision);
    }

    [Fact]
    public void Of_ReportWithZeroMembers_IsZero()
    {
        Assert.Equal(0, HealthModel.Of(Reports.Create(healthyMembers: 0, members: 0)));
    }

    [Fact]
    public void Of_ReportWithExplicitHealth_UsesIt()
    {
        Assert.Equal(0.25, HealthModel.Of(Reports.Create(sessions: 0, health: 0.25)), Precision);
    }

    [Fact]
    public void Of_MemoryAboveCpuAndSessions_SetsTheUtilization()
    {
        // sessions 120 / 1000 = 0.12, cpu 0.35, memory 0.50 → utilization 0.5, 3 of 3 members.
        Assert.Equal(0.5, HealthModel.Of(Reports.Create(sessions: 120, cpu: 0.35, memory: 0.5, healthyMembers: 3, members: 3)), Precision);
    }
}
