using Microsoft.Extensions.DependencyInjection;

namespace ClusterLocator.Locator.Placement;

/// <summary>
/// Draws two distinct clusters at random and takes the healthier. Two draws are enough to avoid the
/// worst clusters almost always, and, unlike <c>best</c>, several locators that cannot see each
/// other's placements do not all converge on the same cluster.
/// </summary>
internal sealed class PowerOfTwoChoicesPolicy([FromKeyedServices(PlacementPolicies.RandomKey)] Random random) : IPlacementPolicy
{
    public string Name => PlacementPolicies.PowerOfTwoChoices;

    public int Pick(ReadOnlySpan<Candidate> candidates)
    {
        if (candidates.Length == 1)
        {
            return 0;
        }

        var first = random.Next(candidates.Length);
        var second = random.Next(candidates.Length - 1);
        if (second >= first)
        {
            second++;
        }

        return candidates[second].Health > candidates[first].Health ? second : first;
    }

    /// <summary>The same draws over the index's eligible clusters, which are the candidates in the same order.</summary>
    public int PickSlot(DecisionIndex index, bool peek)
    {
        var slots = index.Eligible().Slots;
        if (slots.Length <= 1)
        {
            return slots.Length == 0 ? -1 : slots[0];
        }

        var first = random.Next(slots.Length);
        var second = random.Next(slots.Length - 1);
        if (second >= first)
        {
            second++;
        }

        first = slots[first];
        second = slots[second];
        return index.HealthOf(second) > index.HealthOf(first) ? second : first;
    }
}
