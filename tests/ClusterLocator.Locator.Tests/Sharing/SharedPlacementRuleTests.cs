using ClusterLocator.Locator.Sharing;
using ClusterLocator.Testing;

namespace ClusterLocator.Locator.Tests.Sharing;

public sealed class SharedPlacementRuleTests
{
    private static SharedPlacement Count(long seq, long count = 10, string incarnation = "inc-1") =>
        new() { Cluster = "a", Incarnation = incarnation, Seq = seq, Count = count };

    [Fact]
    public void Apply_SameReport_CountsThePeersSessions()
    {
        var entry = Entries.Alive("a", Reports.Create(sessions: 0, capacity: 100, seq: 5));

        var outcome = SharedPlacementRule.Apply(entry, Count(seq: 5));

        Assert.Equal(ShareOutcome.Applied, outcome);
        Assert.Equal(10, entry.Placed);
        Assert.Equal(0.9, entry.Health, 12);
        Assert.Equal(0, entry.TakeUnsharedPlacements());
    }

    [Theory]
    [InlineData(4)]
    [InlineData(6)]
    public void Apply_OlderOrNewerReport_DropsTheCount(long seq)
    {
        var entry = Entries.Alive("a", Reports.Create(sessions: 0, capacity: 100, seq: 5));

        var outcome = SharedPlacementRule.Apply(entry, Count(seq));

        Assert.Equal(ShareOutcome.OtherReport, outcome);
        Assert.Equal(0, entry.Placed);
        Assert.Equal(1.0, entry.Health, 12);
    }

    [Fact]
    public void Apply_SameSeqOfAnotherIncarnation_DropsTheCount()
    {
        var entry = Entries.Alive("a", Reports.Create(sessions: 0, capacity: 100, seq: 5, incarnation: "inc-2"));

        var outcome = SharedPlacementRule.Apply(entry, Count(seq: 5, incarnation: "inc-1"));

        Assert.Equal(ShareOutcome.OtherReport, outcome);
        Assert.Equal(0, entry.Placed);
    }

    [Fact]
    public void Apply_UnknownCluster_DropsTheCount()
    {
        Assert.Equal(ShareOutcome.UnknownCluster, SharedPlacementRule.Apply(null, Count(seq: 5)));
    }
}
