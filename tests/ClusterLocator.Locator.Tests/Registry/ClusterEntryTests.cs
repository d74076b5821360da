using ClusterLocator.Locator.Health;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using static ClusterLocator.Locator.Tests.Entries;

namespace ClusterLocator.Locator.Tests.Registry;

public sealed class ClusterEntryTests
{
    [Fact]
    public void Health_AtReport_IsTheFormulasValue()
    {
        var entry = Entries.Alive("a", Reports.Create(sessions: 250, capacity: 1000, cpu: 0.1, members: 4, healthyMembers: 3));

        Assert.Equal(0.75 * 0.75, entry.Health, 12);
    }

    [Fact]
    public void RecordPlacement_LowersHealthByOneSessionOfHeadroom()
    {
        var entry = Entries.Alive("a", Reports.Create(sessions: 0, capacity: 100));

        entry.RecordPlacement();
        entry.RecordPlacement();

        Assert.Equal(2, entry.Placed);
        Assert.Equal(0.98, entry.Health, 12);
    }

    [Fact]
    public async Task RecordPlacement_FromManyThreads_EndsWithTheHealthOfTheFinalCount()
    {
        var entry = Entries.Alive("a", Reports.Create(sessions: 0, capacity: 1_000_000));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 25_000; i++)
            {
                entry.RecordPlacement();
            }
        }))).DefaultTimeout();

        Assert.Equal(100_000, entry.Placed);
        Assert.Equal(HealthModel.Compute(1, 0, 0, 100_000, 1_000_000, -1), entry.Health, 12);
    }

    [Fact]
    public void StateAt_AliveActiveWithHeadroom_IsEligibleWithItsHealth()
    {
        var state = Alive("a", Reports.Create(sessions: 250, capacity: 1000)).StateAt(Now);

        Assert.Equal(new EntryState(Eligibility.Eligible, 0.75), state);
        Assert.True(state.IsEligible);
        Assert.Equal(ClusterStates.Active, state.Name);
    }

    [Fact]
    public void StateAt_LeaseEnd_IsExpiredFromThatInstant()
    {
        var entry = new ClusterEntry("a", Reports.Create(), reportedAt: 0, leaseExpiresAt: Now);

        Assert.Equal(Eligibility.Eligible, entry.StateAt(Now - 1).Eligibility);
        Assert.Equal(Eligibility.Expired, entry.StateAt(Now).Eligibility);
        Assert.Equal(ClusterStates.Expired, entry.StateAt(Now).Name);
    }

    [Fact]
    public void StateAt_Draining_IsNotEligibleWhateverItsHealth()
    {
        var state = Alive("a", Reports.Create(sessions: 0, state: ClusterStates.Draining)).StateAt(Now);

        Assert.Equal(Eligibility.Draining, state.Eligibility);
        Assert.False(state.IsEligible);
        Assert.Equal(1, state.Health);
        Assert.Equal(ClusterStates.Draining, state.Name);
    }

    [Fact]
    public void StateAt_ExpiredWhileDraining_IsExpired()
    {
        Assert.Equal(Eligibility.Expired, Expired("a", Reports.Create(state: ClusterStates.Draining)).StateAt(Now).Eligibility);
    }

    [Theory]
    [InlineData(1000, null, null, null)]
    [InlineData(0, 0, 2, null)]
    [InlineData(0, null, null, 0.0)]
    public void StateAt_ZeroHealth_IsActiveButNotEligible(int sessions, int? healthyMembers, int? members, double? health)
    {
        var state = Alive("a", Reports.Create(sessions: sessions, capacity: 1000, healthyMembers: healthyMembers, members: members, health: health)).StateAt(Now);

        Assert.Equal(Eligibility.ZeroHealth, state.Eligibility);
        Assert.False(state.IsEligible);
        Assert.Equal(ClusterStates.Active, state.Name);
    }

    [Fact]
    public void StateAt_LastSessionOfHeadroomPlaced_TurnsZeroHealth()
    {
        var entry = Alive("a", Reports.Create(sessions: 9, capacity: 10));
        Assert.True(entry.StateAt(Now).IsEligible);

        entry.RecordPlacement();

        Assert.Equal(Eligibility.ZeroHealth, entry.StateAt(Now).Eligibility);
    }
}
