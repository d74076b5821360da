using ClusterLocator.Locator.Placement;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using static ClusterLocator.Locator.Tests.Entries;

namespace ClusterLocator.Locator.Tests.Placement;

public class ClusterSelectorKeyTests
{
    private const int Keys = 2000;

    private readonly ClusterSelector _selector = new(new BestHealthPolicy(new Random(42)));

    private static ClusterEntry[] Clusters(params string[] ids) => [.. ids.Select(id => Alive(id))];

    private string Place(ClusterEntry[] entries, string key, string? zone = null, params string[] exclude) =>
        _selector.Select(entries, new LocateRequest { Service = "erp", Key = key, Zone = zone, Exclude = exclude }, Now).Cluster!.ClusterId;

    private Dictionary<string, string> PlaceAll(ClusterEntry[] entries) =>
        Enumerable.Range(0, Keys).Select(i => $"user-{i}").ToDictionary(k => k, k => Place(entries, k));

    [Fact]
    public void Select_SameKey_LandsOnTheSameCluster()
    {
        var entries = Clusters("a", "b", "c", "d", "e");

        foreach (var key in new[] { "alice", "bob", "carol", "x", "🔑" })
        {
            var first = Place(entries, key);
            for (var i = 0; i < 20; i++)
            {
                Assert.Equal(first, Place(entries, key));
            }
        }
    }

    [Fact]
    public void Select_SameKey_IgnoresHealthAndArrayOrder()
    {
        var healthy = Clusters("a", "b", "c", "d");
        var first = Place(healthy, "alice");
        ClusterEntry[] reordered =
        [
            .. healthy.Where(e => e.ClusterId != first).Reverse(),
            Alive(first, Reports.Create(sessions: 990)),
        ];

        Assert.Equal(first, Place(reordered, "alice"));
    }

    [Fact]
    public void Select_DifferentKeys_SpreadOverTheClusters()
    {
        var counts = PlaceAll(Clusters("a", "b", "c", "d")).Values.CountBy(id => id).ToDictionary();

        Assert.Equal(4, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, Keys / 4 * 0.85, Keys / 4 * 1.15));
    }

    [Fact]
    public void Select_ClusterRemoved_MovesOnlyItsKeys()
    {
        var before = PlaceAll(Clusters("a", "b", "c", "d"));
        var after = PlaceAll(Clusters("a", "b", "d"));

        Assert.Contains("c", before.Values);
        foreach (var (key, cluster) in before)
        {
            if (cluster == "c")
            {
                Assert.NotEqual("c", after[key]);
            }
            else
            {
                Assert.Equal(cluster, after[key]);
            }
        }
    }

    [Fact]
    public void Select_ClusterAdded_TakesKeysOnlyForItself()
    {
        var before = PlaceAll(Clusters("a", "b", "c"));
        var after = PlaceAll(Clusters("a", "b", "c", "d"));

        var moved = before.Where(p => after[p.Key] != p.Value).ToList();

        Assert.All(moved, p => Assert.Equal("d", after[p.Key]));
        Assert.InRange(moved.Count, Keys / 4 * 0.85, Keys / 4 * 1.15);
    }

    [Fact]
    public void Select_KeyClusterExcluded_MovesLikeARemoval()
    {
        var entries = Clusters("a", "b", "c");
        var home = Place(entries, "alice");

        var withoutHome = Place(entries, "alice", null, home);

        Assert.NotEqual(home, withoutHome);
        Assert.Equal(Place([.. entries.Where(e => e.ClusterId != home)], "alice"), withoutHome);
    }

    [Fact]
    public void Select_KeyWithZone_StaysInTheZone()
    {
        ClusterEntry[] entries =
        [
            Alive("a", Reports.Create(zone: "eu-1")),
            Alive("b", Reports.Create(zone: "us-1")),
            Alive("c", Reports.Create(zone: "us-1")),
            Alive("d", Reports.Create(zone: "us-1")),
        ];

        Assert.All(Enumerable.Range(0, 100), i => Assert.Equal("a", Place(entries, $"k{i}", "eu-1")));
    }
}
