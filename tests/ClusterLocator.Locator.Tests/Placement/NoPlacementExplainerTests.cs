using ClusterLocator.Locator.Placement;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using static ClusterLocator.Locator.Tests.Entries;

namespace ClusterLocator.Locator.Tests.Placement;

/// <summary>The 503 detail of a locate with no eligible cluster, read through <see cref="ClusterSelector"/>.</summary>
public class NoPlacementExplainerTests
{
    private readonly ClusterSelector _selector = new(new BestHealthPolicy(new Random(42)));

    private static ClusterEntry Full(string id) => Alive(id, Reports.Create(sessions: 1000, capacity: 1000));

    private static ClusterEntry Draining(string id) => Alive(id, Reports.Create(state: ClusterStates.Draining));

    private string Failure(ClusterEntry[] entries, string? protocol = null, params string[] exclude)
    {
        var result = _selector.Select(entries, new LocateRequest { Service = "erp", Protocol = protocol, Exclude = exclude }, Now);
        Assert.False(result.IsPlaced);
        Assert.Null(result.Cluster);
        return result.FailureDetail!;
    }

    [Fact]
    public void Select_NoCluster_SaysNoneIsRegistered()
    {
        Assert.Equal(
            "No cluster of service 'erp' is registered: start a controller with --service erp, or check the service name.",
            Failure([]));
    }

    [Fact]
    public void Select_AllExpired_SaysTheyExpired()
    {
        Assert.StartsWith("All 2 clusters of service 'erp' have expired: no report arrived within the lease.", Failure([Expired("a"), Expired("b")]), StringComparison.Ordinal);
    }

    [Fact]
    public void Select_TheOneClusterExpired_SaysItHasExpired()
    {
        Assert.StartsWith("The one cluster of service 'erp' has expired", Failure([Expired("a")]), StringComparison.Ordinal);
    }

    [Fact]
    public void Select_AllDraining_SaysTheyAreDraining()
    {
        Assert.StartsWith("All 3 clusters of service 'erp' are draining", Failure([Draining("a"), Draining("b"), Draining("c")]), StringComparison.Ordinal);
    }

    [Fact]
    public void Select_TheOneClusterDraining_SaysItIsDraining()
    {
        Assert.StartsWith("The one cluster of service 'erp' is draining", Failure([Draining("a")]), StringComparison.Ordinal);
    }

    [Fact]
    public void Select_AllAtZeroHealth_SaysSo()
    {
        ClusterEntry[] entries = [Full("a"), Alive("b", Reports.Create(healthyMembers: 0, members: 2)), Alive("c", Reports.Create(health: 0))];

        Assert.Equal(
            "All 3 clusters of service 'erp' are at zero health: full, or without a healthy member. Add capacity or fix the members.",
            Failure(entries));
    }

    [Fact]
    public void Select_NoneOffersTheProtocol_NamesTheProtocol()
    {
        Assert.StartsWith("No cluster of service 'erp' offers protocol 'http'", Failure([Alive("a"), Alive("b")], Protocols.Http), StringComparison.Ordinal);
    }

    [Fact]
    public void Select_AllExcluded_SaysThereIsNowhereElse()
    {
        Assert.StartsWith("All 2 clusters of service 'erp' are excluded by the request", Failure([Alive("a"), Alive("b")], null, "a", "b"), StringComparison.Ordinal);
    }

    [Fact]
    public void Select_Mixed_CountsEachCause()
    {
        ClusterEntry[] entries = [Expired("a"), Draining("b"), Full("c")];

        Assert.Equal("None of the 3 clusters of service 'erp' is eligible: 1 expired, 1 draining, 1 at zero health.", Failure(entries));
    }

    [Fact]
    public void Select_MixedWithEveryCause_CountsEachCause()
    {
        ClusterEntry[] entries =
        [
            Expired("a"), Expired("b"), Draining("c"),
            Alive("d", Reports.Create(sessions: 1000, capacity: 1000, http: "http://h:2")),
            Alive("e"), Alive("f", Reports.Create(http: "http://h:1")),
        ];

        Assert.Equal(
            "None of the 6 clusters of service 'erp' is eligible: 2 expired, 1 draining, 1 at zero health, 1 without protocol 'http', 1 excluded.",
            Failure(entries, Protocols.Http, "f"));
    }
}
