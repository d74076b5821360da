using Microsoft.Extensions.DependencyInjection;

namespace ClusterLocator.Locator.Placement;

/// <summary>At random, in proportion to health × capacity: the expected share of each cluster is its free room.</summary>
internal sealed class WeightedPolicy([FromKeyedServices(PlacementPolicies.RandomKey)] Random random) : IPlacementPolicy
{
    public string Name => PlacementPolicies.Weighted;

    public int Pick(ReadOnlySpan<Candidate> candidates)
    {
        // Drawn first: a call inside the summing loop's live range would keep the sum in memory.
        var draw = random.NextDouble();
        var total = 0.0;
        foreach (var candidate in candidates)
        {
            total += candidate.Health * candidate.Capacity;
        }

        var target = draw * total;
        for (var i = 0; i < candidates.Length; i++)
        {
            target -= candidates[i].Health * candidates[i].Capacity;
            if (target < 0)
            {
                return i;
            }
        }

        // Rounding can leave a sliver past the last weight.
        return candidates.Length - 1;
    }
}
