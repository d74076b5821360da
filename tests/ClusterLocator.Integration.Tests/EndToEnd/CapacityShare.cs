using System.Globalization;

namespace ClusterLocator.Integration.Tests.EndToEnd;

/// <summary>
/// A cluster's share of a set of placements next to its share of the capacity of the clusters
/// considered: with load spread by headroom, the two are the same.
/// </summary>
internal sealed record CapacityShare(string ClusterId, int Capacity, int Placements, double Share, double Expected)
{
    /// <summary>How far the share is from the capacity share, relative to it: 0.1 is 10 % more.</summary>
    public double RelativeDeviation => (Share / Expected) - 1;

    /// <summary>Each of <paramref name="capacities"/>' share of <paramref name="placements"/>; placements on other clusters are not counted.</summary>
    public static IReadOnlyList<CapacityShare> Of(IEnumerable<string> placements, IReadOnlyDictionary<string, int> capacities)
    {
        var counts = placements.Where(capacities.ContainsKey).GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        var total = Math.Max(counts.Values.Sum(), 1);
        var totalCapacity = (double)capacities.Values.Sum();
        return [.. capacities.OrderBy(c => c.Value).Select(c =>
        {
            var count = counts.GetValueOrDefault(c.Key);
            return new CapacityShare(c.Key, c.Value, count, (double)count / total, c.Value / totalCapacity);
        })];
    }

    /// <summary>The shares as a line a person can read in a failure message or the test output.</summary>
    public static string Describe(IEnumerable<CapacityShare> shares) =>
        string.Join("; ", shares.Select(s => s.ToString()));

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{ClusterId} (capacity {Capacity}): {Placements} placements = {Share:P1}, capacity share {Expected:P1}, deviation {RelativeDeviation:+0.0%;-0.0%}");
}
