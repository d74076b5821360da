using ClusterLocator.Testing;

namespace ClusterLocator.Locator.Tests.Registry;

public sealed class ClusterEntrySharingTests
{
    [Fact]
    public void RecordPeerPlacements_LowersHealthLikeOwnPlacements_AndIsNotSharedAgain()
    {
        var entry = Entries.Alive("a", Reports.Create(sessions: 0, capacity: 100));

        entry.RecordPlacement();
        entry.RecordPeerPlacements(3);

        Assert.Equal(4, entry.Placed);
        Assert.Equal(0.96, entry.Health, 12);
        Assert.Equal(0.95, entry.NextHealth, 12);
        Assert.Equal(1, entry.TakeUnsharedPlacements());
    }

    [Fact]
    public void TakeUnsharedPlacements_HandsEachOwnPlacementOutOnce()
    {
        var entry = Entries.Alive("a", Reports.Create(sessions: 0, capacity: 100));

        entry.RecordPlacement();
        entry.RecordPlacement();
        var first = entry.TakeUnsharedPlacements();
        entry.RecordPlacement();

        Assert.Equal(2, first);
        Assert.Equal(1, entry.TakeUnsharedPlacements());
        Assert.Equal(0, entry.TakeUnsharedPlacements());
        Assert.Equal(3, entry.Placed);
    }

    [Fact]
    public async Task TakeUnsharedPlacements_RacingPlacements_LosesAndRepeatsNone()
    {
        var entry = Entries.Alive("a", Reports.Create(sessions: 0, capacity: 1_000_000));
        long taken = 0;
        var placing = Task.Run(() =>
        {
            for (var i = 0; i < 100_000; i++)
            {
                entry.RecordPlacement();
            }
        });
        while (!placing.IsCompleted)
        {
            taken += entry.TakeUnsharedPlacements();
        }

        await placing;
        taken += entry.TakeUnsharedPlacements();

        Assert.Equal(100_000, taken);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void RecordPeerPlacements_NotPositive_Throws(long count)
    {
        var entry = Entries.Alive("a");

        Assert.Throws<ArgumentOutOfRangeException>(() => entry.RecordPeerPlacements(count));
    }
}
