using ClusterLocator.Locator.Placement;

namespace ClusterLocator.Locator.Tests.Placement;

public class WeightedPolicyTests
{
    private readonly WeightedPolicy _policy = new(new Random(42));

    [Fact]
    public void Name_IsWeighted()
    {
        Assert.Equal(PlacementPolicies.Weighted, _policy.Name);
    }

    [Fact]
    public void Pick_ManyTimes_ProportionalToHealthTimesCapacity()
    {
        const int Picks = 10_000;
        Candidate[] candidates = [new(0, 0.5, 1000, 0.499), new(1, 1.0, 200, 0.995), new(2, 0.25, 400, 0.2475), new(3, 0.9, 1000, 0.899)];
        var total = candidates.Sum(c => c.Health * c.Capacity);

        var counts = Candidates.CountPicks(_policy, candidates, Picks);

        for (var i = 0; i < candidates.Length; i++)
        {
            var expected = Picks * candidates[i].Health * candidates[i].Capacity / total;
            Assert.InRange(counts[i], expected * 0.9, expected * 1.1);
        }
    }

    [Fact]
    public void Pick_OneCandidate_ChoosesIt()
    {
        Assert.Equal(0, _policy.Pick([new Candidate(7, 0.01, 1, 0)]));
    }

    [Fact]
    public void Pick_TinyWeightNextToHugeOne_RarelyChosen()
    {
        var counts = Candidates.CountPicks(_policy, [new(0, 0.001, 1, 0), new(1, 1, 1000, 0.999)], 10_000);

        Assert.InRange(counts[0], 0, 10);
    }
}
