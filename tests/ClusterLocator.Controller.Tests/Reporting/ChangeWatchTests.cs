using ClusterLocator.Controller.Load;
using ClusterLocator.Controller.Reporting;
using ClusterLocator.Protocol;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterLocator.Controller.Tests.Reporting;

/// <summary>What a change-triggered report watches: the front doors' sessions, or an application's own load source.</summary>
public sealed class ChangeWatchTests
{
    [Fact]
    public void Read_ControllersOwnLoad_WatchesTheLiveSessions()
    {
        using var gate = new SessionGate(10);
        var options = new ControllerOptions { ClusterId = "a", Service = "erp", Capacity = 10, ReportHostUsage = false };
        var watch = new ChangeWatch(gate, null, new EmbeddedLoadSource(options, gate, new HostUsage(options, TimeProvider.System, NullLogger<HostUsage>.Instance)));

        Assert.True(gate.TryEnter());

        Assert.Equal(new LoadMark(1, 0), watch.Read());
    }

    [Fact]
    public void NextChange_ControllersOwnLoad_CompletesWhenASessionOpensOrCloses()
    {
        using var gate = new SessionGate(10);
        var watch = new ChangeWatch(gate, null);
        var opened = watch.NextChange();
        Assert.False(opened.IsCompleted);

        Assert.True(gate.TryEnter());
        var closed = watch.NextChange();
        gate.Exit();

        Assert.True(opened.IsCompletedSuccessfully);
        Assert.True(closed.IsCompletedSuccessfully);
        Assert.False(watch.NextChange().IsCompleted);
    }

    [Fact]
    public void Read_ApplicationsOwnLoadSource_WatchesWhatItReports()
    {
        using var gate = new SessionGate(10);
        var load = new SettableLoad { Sessions = 500, HealthyMembers = 3 };
        var watch = new ChangeWatch(gate, null, load);
        var before = watch.Read();

        // Requests in flight through the gate are not the application's sessions.
        Assert.True(gate.TryEnter());
        load.Sessions = 520;

        Assert.Equal(new LoadMark(500, 3), before);
        Assert.Equal(new LoadMark(520, 3), watch.Read());
        Assert.True(watch.Read().MovedFrom(before, threshold: 20));
        Assert.False(watch.NextChange().IsCompleted);
    }

    private sealed class SettableLoad : IClusterLoadSource
    {
        public int Sessions { get; set; }

        public int HealthyMembers { get; set; }

        public ClusterLoad GetLoad() => new() { Sessions = Sessions, Capacity = 1000, HealthyMembers = HealthyMembers, Members = HealthyMembers };
    }
}
