using ClusterLocator.Locator.Placement;

namespace ClusterLocator.Locator.Tests.Placement;

public class BestHealthPolicyTests
{
    private readonly BestHealthPolicy _policy = new(new Random(42));

    [Fact]
    public void Name_IsBest()
    {
        Assert.Equal(PlacementPolicies.Best, _policy.Name);
    }

    [Theory]
    [InlineData(new[] { 0.9, 0.5, 0.1 }, 0)]
    [InlineData(new[] { 0.1, 0.5, 0.9 }, 2)]
    [InlineData(new[] { 0.5, 0.95, 0.9, 0.2 }, 1)]
    [InlineData(new[] { 0.3 }, 0)]
    public void Pick_DistinctHealths_ChoosesTheHighest(double[] healths, int expected)
    {
        var candidates = Candidates.Of(healths);
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(expected, _policy.Pick(candidates));
        }
    }

    [Fact]
    public void Pick_TieBelowAHigherHealth_StillChoosesTheHighest()
    {
        var counts = Candidates.CountPicks(_policy, Candidates.Of(0.5, 0.5, 0.8, 0.5), 300);

        Assert.Equal(new[] { 0, 0, 300, 0 }, counts);
    }

    [Fact]
    public void Pick_ThreeWayTie_SplitsEvenly()
    {
        const int Picks = 3000;

        var counts = Candidates.CountPicks(_policy, Candidates.Of(0.7, 0.7, 0.7), Picks);

        foreach (var count in counts)
        {
            Assert.InRange(count, Picks / 3 * 0.9, Picks / 3 * 1.1);
        }
    }

    [Fact]
    public void Pick_TieForTheTopAmongLowerOnes_SplitsOnlyBetweenTheTied()
    {
        const int Picks = 2000;

        var counts = Candidates.CountPicks(_policy, Candidates.Of(0.2, 0.9, 0.4, 0.9), Picks);

        Assert.Equal(0, counts[0] + counts[2]);
        Assert.InRange(counts[1], Picks / 2 * 0.9, Picks / 2 * 1.1);
        Assert.InRange(counts[3], Picks / 2 * 0.9, Picks / 2 * 1.1);
    }
}
