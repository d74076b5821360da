namespace ClusterLocator.Locator.Placement;

/// <summary>
/// The seed's rule: the cluster with the highest current health. Ties go to one of them at random
/// so that equally healthy clusters share a burst rather than the first in id order taking it all.
/// </summary>
internal sealed class BestHealthPolicy(Random random) : IPlacementPolicy
{
    public string Name => PlacementPolicyNames.Best;

    public int Pick(ReadOnlySpan<Candidate> candidates)
    {
        var best = 0;
        var bestHealth = candidates[0].Health;
        var ties = 1;
        for (var i = 1; i < candidates.Length; i++)
        {
            var health = candidates[i].Health;
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
}
