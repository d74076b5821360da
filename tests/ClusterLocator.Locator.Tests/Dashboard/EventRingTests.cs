using ClusterLocator.Locator.Dashboard;

namespace ClusterLocator.Locator.Tests.Dashboard;

public sealed class EventRingTests
{
    [Fact]
    public void After_ReturnsTheEventsNumberedAfterTheOneGiven_OldestFirst()
    {
        var ring = new EventRing();
        ring.Add(1, DashboardEventKinds.Registered, "erp", "a", "");
        ring.Add(2, DashboardEventKinds.Draining, "erp", "a", "");
        ring.Add(3, DashboardEventKinds.Deregistered, "erp", "a", "");

        var events = ring.After(1);

        Assert.Equal([DashboardEventKinds.Draining, DashboardEventKinds.Deregistered], events.Select(e => e.Kind));
        Assert.Equal([2L, 3L], events.Select(e => e.Seq));
        Assert.Equal(3, ring.Last);
        Assert.Empty(ring.After(3));
    }

    [Fact]
    public void Add_PastTheCapacity_KeepsOnlyTheNewest()
    {
        var ring = new EventRing();
        for (var n = 1; n <= EventRing.Capacity + 50; n++)
        {
            ring.Add(n, DashboardEventKinds.Registered, "erp", $"c{n}", "");
        }

        var events = ring.After(0);

        Assert.Equal(EventRing.Capacity, events.Count);
        Assert.Equal(51, events[0].Seq);
        Assert.Equal(EventRing.Capacity + 50, events[^1].Seq);
    }

    [Fact]
    public void After_WithALimit_ReturnsTheNewestOnly()
    {
        var ring = new EventRing();
        for (var n = 1; n <= 10; n++)
        {
            ring.Add(n, DashboardEventKinds.Registered, "erp", $"c{n}", "");
        }

        Assert.Equal([8L, 9L, 10L], ring.After(0, limit: 3).Select(e => e.Seq));
    }
}
