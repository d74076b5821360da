using ClusterLocator.Locator.Placement;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static ClusterLocator.Locator.Tests.Entries;

namespace ClusterLocator.Locator.Tests.Placement;

/// <summary>No herd: a burst between two reports fills clusters in proportion to their headroom, not all on the healthiest.</summary>
public class ClusterSelectorNoHerdTests
{
    private readonly ClusterSelector _selector = new(new BestHealthPolicy(new Random(42)));

    /// <summary>
    /// Water-filling: the burst raises every cluster it uses to one utilization level u, so
    /// cluster i gets max(0, u·capacity − sessions) and the shares sum to the burst.
    /// </summary>
    private static double[] WaterFilling(int[] sessions, int[] capacities, int burst)
    {
        double low = 0, high = 1;
        for (var i = 0; i < 100; i++)
        {
            var level = (low + high) / 2;
            var filled = sessions.Select((s, j) => Math.Max(0, (level * capacities[j]) - s)).Sum();
            (low, high) = filled < burst ? (level, high) : (low, level);
        }

        return [.. sessions.Select((s, j) => Math.Max(0, (low * capacities[j]) - s))];
    }

    private int[] Burst(ClusterEntry[] entries, int burst)
    {
        var counts = new int[entries.Length];
        var request = new LocateRequest { Service = "erp" };
        for (var i = 0; i < burst; i++)
        {
            var chosen = _selector.Select(entries, request, Now).Cluster!;
            counts[Array.IndexOf(entries, chosen)]++;
        }

        return counts;
    }

    [Fact]
    public void Select_BestPolicyBurst_FillsClustersByHeadroom()
    {
        const int Placements = 300;
        int[] sessions = [40, 40, 10];
        int[] capacities = [400, 200, 100];
        var entries = sessions.Select((s, i) => Alive($"c{i}", Reports.Create(sessions: s, capacity: capacities[i]))).ToArray();
        var expected = WaterFilling(sessions, capacities, Placements);

        var counts = Burst(entries, Placements);

        Assert.Equal(Placements, counts.Sum());
        for (var i = 0; i < counts.Length; i++)
        {
            Assert.True(expected[i] > 20, $"The setup should give every cluster a share; c{i} gets {expected[i]:0.#}.");
            Assert.InRange(counts[i], expected[i] * 0.9, expected[i] * 1.1);
            Assert.Equal(entries[i].Placed, counts[i]);
        }
    }

    [Fact]
    public void Select_BurstSmallerThanTheGap_StaysOnTheHealthiest()
    {
        // c0 is at 0.9, c1 at 0.5: 40 placements on c0 (capacity 100) bring it to 0.5.
        ClusterEntry[] entries = [Alive("c0", Reports.Create(sessions: 10, capacity: 100)), Alive("c1", Reports.Create(sessions: 500, capacity: 1000))];

        Assert.Equal(new[] { 39, 0 }, Burst(entries, 39));
    }

    [Fact]
    public void Select_BurstOnExplicitHealths_FillsByHeadroomToo()
    {
        // 0.9 − p/100 = 0.8 − q/100 with p + q = 100 gives p = 55, q = 45.
        ClusterEntry[] entries =
        [
            Alive("a", Reports.Create(capacity: 100, health: 0.9)),
            Alive("b", Reports.Create(capacity: 100, health: 0.8)),
        ];

        var counts = Burst(entries, 100);

        Assert.InRange(counts[0], 54, 56);
        Assert.InRange(counts[1], 44, 46);
    }

    [Fact]
    public async Task Select_AfterANewReport_PlacedCountStartsAgain()
    {
        using var registry = new ClusterRegistry(new MemoryClusterStore(), new FakeTimeProvider(), new LocatorOptions(), NullLogger<ClusterRegistry>.Instance);
        var request = new LocateRequest { Service = "erp" };
        PlacementResult Locate() => _selector.Select(registry.Snapshot.ClustersOf("erp"), request, registry.Now);
        await registry.ReportAsync("a", Reports.Create(sessions: 0, capacity: 10), CancellationToken.None).DefaultTimeout();
        for (var i = 0; i < 10; i++)
        {
            Assert.True(Locate().IsPlaced);
        }

        Assert.False(Locate().IsPlaced, "Ten sessions placed on a capacity of ten should leave no headroom.");

        // The controller reports that 5 of those sessions are still open: the report counts them now,
        // so the sessions placed before it must not be counted again.
        await registry.ReportAsync("a", Reports.Create(sessions: 5, capacity: 10, seq: 2), CancellationToken.None).DefaultTimeout();

        var placement = Locate();
        Assert.True(placement.IsPlaced);
        Assert.Equal(0.5, placement.Health, 12);
    }
}
