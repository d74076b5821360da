using Microsoft.Extensions.DependencyInjection;

namespace ClusterLocator.Locator.Placement;

/// <summary>
/// The healthiest cluster, judged by the health each would keep once it has taken this session.
/// Comparing the health before the session would hand it to the cluster with the least utilization
/// even when one more session takes that cluster past the others: one session is 5 % of a capacity
/// of 20 but 1.7 % of 60, so small clusters would carry more than their share. Ties go to one of
/// them at random so that equally healthy clusters share a burst rather than the first in id order
/// taking it all.
/// </summary>
internal sealed class BestHealthPolicy([FromKeyedServices(PlacementPolicies.RandomKey)] Random random) : IPlacementPolicy
{
    public string Name => PlacementPolicies.Best;

    public int Pick(ReadOnlySpan<Candidate> candidates)
    {
        var best = 0;
        var bestHealth = candidates[0].NextHealth;
        var ties = 1;
        for (var i = 1; i < candidates.Length; i++)
        {
            var health = candidates[i].NextHealth;
            if (health > bestHealth)
            {
                best = i;
                bestHealth = health;
                ties = 1;
            }
            else if (health == bestHealth && random.Next(++ties) == 0)
            {
                // Reservoir sampling: each of the k tied clusters ends up chosen with probability 1/k.
                best = i;
            }
        }

        return best;
    }

    /// <summary>The tree's best, and among equals one drawn evenly, as the reservoir above draws it.</summary>
    public int PickSlot(DecisionIndex index, bool peek)
    {
        var tree = index.Tree;
        var ties = tree.Ties;
        return tree.Find(ties > 1 ? random.Next(ties) : 0);
    }
}
