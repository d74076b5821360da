using ClusterLocator.Locator.Placement;
using ClusterLocator.Testing;

namespace ClusterLocator.Locator.Tests.Placement;

public class RoundRobinPolicyTests
{
    private readonly RoundRobinPolicy _policy = new();

    [Fact]
    public void Name_IsRoundRobin()
    {
        Assert.Equal(PlacementPolicies.RoundRobin, _policy.Name);
    }

    [Fact]
    public void Pick_CyclesInOrder_IgnoringHealth()
    {
        var candidates = Candidates.Of(0.1, 0.9, 0.5);

        var picks = Enumerable.Range(0, 7).Select(_ => _policy.Pick(candidates)).ToArray();

        Assert.Equal(new[] { 0, 1, 2, 0, 1, 2, 0 }, picks);
    }

    [Fact]
    public void Pick_FewerCandidatesNextTime_StaysInRange()
    {
        _policy.Pick(Candidates.Of(1, 1, 1, 1));
        _policy.Pick(Candidates.Of(1, 1, 1, 1));
        _policy.Pick(Candidates.Of(1, 1, 1, 1));

        Assert.Equal(1, _policy.Pick(Candidates.Of(1, 1)));
    }

    [Fact]
    public async Task Pick_Concurrently_SharesTheCycleEvenly()
    {
        var candidates = Candidates.Of(1, 1, 1, 1);
        var counts = new int[4];

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                Interlocked.Increment(ref counts[_policy.Pick(candidates)]);
            }
        }))).DefaultTimeout();

        Assert.Equal(new[] { 1000, 1000, 1000, 1000 }, counts);
    }
}
