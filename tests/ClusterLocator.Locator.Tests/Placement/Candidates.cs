using ClusterLocator.Locator.Placement;

namespace ClusterLocator.Locator.Tests.Placement;

/// <summary>Runs a policy many times and counts its picks.</summary>
internal static class Candidates
{
    public static Candidate[] Of(params double[] healths) =>
        [.. healths.Select((h, i) => new Candidate(i, h, 100, h - 0.01))];

    public static int[] CountPicks(IPlacementPolicy policy, Candidate[] candidates, int picks)
    {
        var counts = new int[candidates.Length];
        for (var i = 0; i < picks; i++)
        {
            counts[policy.Pick(candidates)]++;
        }

        return counts;
    }
}
