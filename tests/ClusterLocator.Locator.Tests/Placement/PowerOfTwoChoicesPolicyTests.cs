using ClusterLocator.Locator.Placement;

namespace ClusterLocator.Locator.Tests.Placement;

public class PowerOfTwoChoicesPolicyTests
{
    private readonly PowerOfTwoChoicesPolicy _policy = new(new Random(42));

    [Fact]
    public void Name_IsP2c()
    {
        Assert.Equal(PlacementPolicies.PowerOfTwoChoices, _policy.Name);
    }

    [Fact]
    public void Pick_OneCandidate_ChoosesIt()
    {
        Assert.Equal(0, _policy.Pick(Candidates.Of(0.1)));
    }

    [Fact]
    public void Pick_TwoCandidates_AlwaysTheHealthier()
    {
        var counts = Candidates.CountPicks(_policy, Candidates.Of(0.3, 0.6), 500);

        Assert.Equal(new[] { 0, 500 }, counts);
    }

    [Fact]
    public void Pick_ThreeDistinctHealths_NeverTheWorst()
    {
        // The two draws are distinct, so the worst is always compared with a better one.
        var counts = Candidates.CountPicks(_policy, Candidates.Of(0.6, 0.2, 0.9), 3000);

        Assert.Equal(0, counts[1]);
    }

    [Fact]
    public void Pick_ThreeDistinctHealths_SplitsLikeTwoDraws()
    {
        const int Picks = 3000;

        // Of the 3 unordered pairs, the best wins 2 and the middle wins 1.
        var counts = Candidates.CountPicks(_policy, Candidates.Of(0.6, 0.2, 0.9), Picks);

        Assert.InRange(counts[2], Picks * 2 / 3 * 0.9, Picks * 2 / 3 * 1.1);
        Assert.InRange(counts[0], Picks / 3 * 0.9, Picks / 3 * 1.1);
    }

    [Fact]
    public void Pick_ManyCandidates_EveryChoiceIsInRange()
    {
        var candidates = Candidates.Of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7);

        var counts = Candidates.CountPicks(_policy, candidates, 5000);

        Assert.Equal(0, counts[0]);
        Assert.All(counts[1..], c => Assert.True(c > 0));
    }
}
