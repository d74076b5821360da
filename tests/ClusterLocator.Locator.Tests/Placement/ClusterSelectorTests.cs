using ClusterLocator.Locator.Placement;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using static ClusterLocator.Locator.Tests.Entries;

namespace ClusterLocator.Locator.Tests.Placement;

public class ClusterSelectorTests
{
    private readonly ClusterSelector _selector = new(new BestHealthPolicy(new Random(42)));

    private static LocateRequest Request(string? protocol = null, string? zone = null, params string[] exclude) =>
        new() { Service = "erp", Protocol = protocol, Zone = zone, Exclude = exclude };

    private string? Chosen(ClusterEntry[] entries, LocateRequest? request = null, long now = Now) =>
        _selector.Select(entries, request ?? Request(), now).Cluster?.ClusterId;

    [Fact]
    public void Select_OneCluster_PlacesItWithItsPreferredAddress()
    {
        var result = _selector.Select([Alive("a", Reports.Create(sessions: 250))], Request(), Now);

        Assert.True(result.IsPlaced);
        Assert.Null(result.FailureDetail);
        Assert.Equal("a", result.Cluster!.ClusterId);
        Assert.Equal(Protocols.Tcp, result.Protocol);
        Assert.Equal("127.0.0.1:9001", result.Address);
        Assert.Equal(0.75, result.Health, 12);
    }

    [Fact]
    public void Select_HealthiestCluster_IsChosen()
    {
        ClusterEntry[] entries = [Alive("a", Reports.Create(sessions: 500)), Alive("b", Reports.Create(sessions: 100)), Alive("c", Reports.Create(sessions: 300))];

        Assert.Equal("b", Chosen(entries));
    }

    [Fact]
    public void Select_BestPolicy_ComparesTheHealthEachKeepsAfterTakingTheSession()
    {
        // Now a (capacity 20) is at 1.0 and b (capacity 60) at 0.983; with the session a drops to
        // 0.95 and b only to 0.967, so b keeps more headroom and takes it.
        ClusterEntry[] entries = [Alive("a", Reports.Create(sessions: 0, capacity: 20)), Alive("b", Reports.Create(sessions: 1, capacity: 60))];

        Assert.Equal("b", Chosen(entries));
    }

    [Fact]
    public void Select_ExpiredCluster_IsNotChosen()
    {
        Assert.Equal("b", Chosen([Expired("a"), Alive("b", Reports.Create(sessions: 900))]));
    }

    [Fact]
    public void Select_LeaseEndsAfterNow_IsStillChosen()
    {
        var entry = new ClusterEntry("a", Reports.Create(), reportedAt: 0, leaseExpiresAt: Now + 1);

        Assert.Equal("a", Chosen([entry]));
        Assert.Null(Chosen([entry], now: Now + 1));
    }

    [Fact]
    public void Select_DrainingCluster_IsNotChosen()
    {
        Assert.Equal("b", Chosen([Alive("a", Reports.Create(state: ClusterStates.Draining)), Alive("b", Reports.Create(sessions: 900))]));
    }

    [Fact]
    public void Select_ProtocolNotOffered_IsNotChosen()
    {
        ClusterEntry[] entries = [Alive("a"), Alive("b", Reports.Create(sessions: 900, http: "http://10.0.0.2:80"))];

        var result = _selector.Select(entries, Request(Protocols.Http), Now);

        Assert.Equal("b", result.Cluster?.ClusterId);
        Assert.Equal(Protocols.Http, result.Protocol);
        Assert.Equal("http://10.0.0.2:80", result.Address);
    }

    [Fact]
    public void Select_NoProtocolAsked_UsesTheFirstReportedEndpoint()
    {
        var report = Reports.Create() with { Endpoints = [new(Protocols.Http, "http://h:2"), new(Protocols.Tcp, "h:1")] };

        var result = _selector.Select([Alive("a", report)], Request(), Now);

        Assert.Equal(Protocols.Http, result.Protocol);
        Assert.Equal("http://h:2", result.Address);
    }

    [Fact]
    public void Select_ExcludedCluster_IsNotChosen()
    {
        ClusterEntry[] entries = [Alive("a"), Alive("b", Reports.Create(sessions: 900)), Alive("c")];

        Assert.Equal("b", Chosen(entries, Request(exclude: ["a", "c"])));
    }

    [Fact]
    public void Select_ZeroHealthCluster_IsNotChosen()
    {
        ClusterEntry[] entries = [Alive("a", Reports.Create(sessions: 1000)), Alive("b", Reports.Create(sessions: 999))];

        Assert.Equal("b", Chosen(entries));
    }

    [Fact]
    public void Select_ZoneGiven_PrefersAnInZoneClusterEvenIfLessHealthy()
    {
        ClusterEntry[] entries =
        [
            Alive("a", Reports.Create(zone: "us-1")),
            Alive("b", Reports.Create(sessions: 800, zone: "eu-1")),
            Alive("c", Reports.Create(sessions: 600, zone: "eu-1")),
            Alive("d"),
        ];

        Assert.Equal("c", Chosen(entries, Request(zone: "eu-1")));
    }

    [Fact]
    public void Select_InZoneClusterIneligible_FallsBackToOtherZones()
    {
        ClusterEntry[] entries =
        [
            Alive("a", Reports.Create(sessions: 500, zone: "us-1")),
            Alive("b", Reports.Create(zone: "eu-1", state: ClusterStates.Draining)),
            Expired("c", Reports.Create(zone: "eu-1")),
            Alive("d", Reports.Create(sessions: 1000, zone: "eu-1")),
            Alive("e", Reports.Create(sessions: 300)),
        ];

        Assert.Equal("e", Chosen(entries, Request(zone: "eu-1")));
    }

    [Fact]
    public void Select_InZoneClusterFillsUp_ThenOthersAreUsed()
    {
        ClusterEntry[] entries = [Alive("a", Reports.Create(capacity: 5, zone: "eu-1")), Alive("b", Reports.Create(capacity: 1000, zone: "us-1"))];

        var chosen = Enumerable.Range(0, 7).Select(_ => Chosen(entries, Request(zone: "eu-1"))).ToArray();

        Assert.Equal(new[] { "a", "a", "a", "a", "a", "b", "b" }, chosen);
    }

    [Fact]
    public void Select_UnknownZone_ChoosesAmongAll()
    {
        ClusterEntry[] entries = [Alive("a", Reports.Create(sessions: 500, zone: "eu-1")), Alive("b", Reports.Create(zone: "us-1"))];

        Assert.Equal("b", Chosen(entries, Request(zone: "ap-1")));
    }

    [Fact]
    public void Select_RecordsThePlacementOnTheChosenCluster()
    {
        var a = Alive("a", Reports.Create(capacity: 100));
        var b = Alive("b", Reports.Create(capacity: 100, sessions: 50));

        _selector.Select([a, b], Request(), Now);
        _selector.Select([a, b], Request(), Now);

        Assert.Equal(2, a.Placed);
        Assert.Equal(0, b.Placed);
        Assert.Equal(0.98, a.Health, 12);
    }

    [Fact]
    public void Select_ReturnsTheHealthBeforeThisPlacement()
    {
        var a = Alive("a", Reports.Create(capacity: 10));

        Assert.Equal(1, _selector.Select([a], Request(), Now).Health);
        Assert.Equal(0.9, _selector.Select([a], Request(), Now).Health, 12);
    }

    [Fact]
    public void Select_FailedSelection_RecordsNothing()
    {
        var a = Alive("a");

        var result = _selector.Select([a], Request(exclude: ["a"]), Now);

        Assert.False(result.IsPlaced);
        Assert.Equal(0, a.Placed);
    }

    [Fact]
    public void Select_MoreClustersThanFitOnTheStack_StillChoosesTheBest()
    {
        var entries = Enumerable.Range(0, 300)
            .Select(i => Alive($"c{i:D3}", Reports.Create(sessions: i == 217 ? 0 : 500, zone: i % 2 == 0 ? "eu-1" : null)))
            .ToArray();

        Assert.Equal("c217", Chosen(entries));
        Assert.Equal("c217", Chosen(entries, Request(zone: "us-1")));
        Assert.NotEqual("c217", Chosen(entries, Request(zone: "eu-1")));
    }
}
