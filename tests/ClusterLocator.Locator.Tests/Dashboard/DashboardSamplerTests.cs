using System.Diagnostics.Metrics;
using ClusterLocator.Locator.Dashboard;
using ClusterLocator.Locator.Diagnostics;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Locator.Tests.Dashboard;

public sealed class DashboardSamplerTests : IAsyncLifetime
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly SwitchableHealthStore _store = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ClusterRegistry _registry;
    private readonly LocatorMetrics _metrics;
    private readonly LocatorMeterReader _reader;
    private readonly DashboardSampler _sampler;

    public DashboardSamplerTests()
    {
        // Lease 3 s, forgotten 5 s after it ends.
        var options = new LocatorOptions { ReportInterval = Second, ExpiredRetention = TimeSpan.FromSeconds(5) };
        _registry = new ClusterRegistry(_store, _time, options, NullLogger<ClusterRegistry>.Instance);
        var meters = _services.GetRequiredService<IMeterFactory>();
        _metrics = new LocatorMetrics(meters, _registry);
        _reader = new LocatorMeterReader(meters);
        _sampler = new DashboardSampler(_registry, _reader, _time, NullLogger<DashboardSampler>.Instance);
    }

    public Task InitializeAsync() => _sampler.StartAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _sampler.StopAsync(CancellationToken.None);
        _sampler.Dispose();
        _reader.Dispose();
        _registry.Dispose();
        await _services.DisposeAsync();
    }

    private async Task ReportAsync(string id, ClusterReport report) =>
        Assert.True((await _registry.ReportAsync(id, report, CancellationToken.None).DefaultTimeout()).IsAccepted);

    private string[] Kinds(string? clusterId = null) =>
        [.. _sampler.Events.After(0).Where(e => clusterId is null || e.ClusterId == clusterId).Select(e => e.Kind)];

    [Fact]
    public void Timer_SamplesOnceASecond_OnTheRegistrysClock()
    {
        Assert.Equal(-1, _sampler.Read(s => s.Clock.Latest));

        _time.Advance(Second);
        _time.Advance(Second);

        Assert.Equal(1, _sampler.Read(s => s.Clock.Latest));
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), _sampler.Read(s => s.Clock.TimeOf(1)));
    }

    [Fact]
    public async Task NextSampleAsync_CompletesWhenASampleIsTaken()
    {
        var next = _sampler.NextSampleAsync(CancellationToken.None);
        Assert.False(next.IsCompleted);

        _time.Advance(Second);

        await next.DefaultTimeout();
    }

    [Fact]
    public async Task Sample_ClusterComesExpiresAndIsForgotten_AddsAnEventForEach()
    {
        await ReportAsync("a", Reports.Create(sessions: 250, capacity: 1000));
        _time.Advance(Second);
        Assert.Equal([DashboardEventKinds.Registered], Kinds("a"));

        // Lease 3 s from the report.
        _time.Advance(Second * 3);
        Assert.Equal([DashboardEventKinds.Registered, DashboardEventKinds.Expired], Kinds("a"));
        Assert.Equal(0, _sampler.Eligible);
        Assert.Equal(1, _sampler.Clusters);
        Assert.NotEqual(ClusterSeries.Gap, _sampler.Read(s => s.TrackOf("a")!.Series.HealthAt(0)));
        Assert.Equal(ClusterSeries.Gap, _sampler.Read(s => s.TrackOf("a")!.Series.HealthAt(s.Clock.Latest)));

        // Forgotten by the registry's sweep 5 s after the lease ended: gone, as a deregistration is.
        _time.Advance(Second * 7);
        Assert.Equal([DashboardEventKinds.Registered, DashboardEventKinds.Expired, DashboardEventKinds.Deregistered], Kinds("a"));
        Assert.Contains("forgotten", _sampler.Events.After(0)[^1].Detail, StringComparison.Ordinal);
        Assert.Null(_sampler.Read(s => s.TrackOf("a")));
    }

    [Fact]
    public async Task Sample_ClusterDrainsThenReportsActive_AddsDrainingThenActive()
    {
        await ReportAsync("a", Reports.Create());
        _time.Advance(Second);

        await ReportAsync("a", Reports.Create(state: ClusterStates.Draining, seq: 2));
        _time.Advance(Second);
        await ReportAsync("a", Reports.Create(seq: 3));
        _time.Advance(Second);

        Assert.Equal([DashboardEventKinds.Registered, DashboardEventKinds.Draining, DashboardEventKinds.Active], Kinds("a"));
    }

    [Fact]
    public async Task Sample_ClusterDeregisters_AddsDeregistered()
    {
        await ReportAsync("a", Reports.Create());
        _time.Advance(Second);

        await _registry.RemoveAsync("a", "inc-1", CancellationToken.None).DefaultTimeout();
        _time.Advance(Second);

        Assert.Equal([DashboardEventKinds.Registered, DashboardEventKinds.Deregistered], Kinds("a"));
        Assert.Equal("deregistered", _sampler.Events.After(0)[^1].Detail);
    }

    [Fact]
    public void Sample_StoreLostThenBack_AddsUnreachableThenBack()
    {
        _time.Advance(Second);
        Assert.Empty(Kinds());

        _store.Health = new StoreHealth(false, 0, "etcd did not answer within 2 s");
        _time.Advance(Second);
        _time.Advance(Second);
        _store.Health = new StoreHealth(true, _time.GetTimestamp(), null);
        _time.Advance(Second);

        Assert.Equal([DashboardEventKinds.StoreUnreachable, DashboardEventKinds.StoreBack], Kinds());
        Assert.Contains("etcd did not answer", _sampler.Events.After(0)[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sample_KeepsEachClustersHealthAndUtilization_AtItsSample()
    {
        await ReportAsync("a", Reports.Create(sessions: 250, capacity: 1000));
        _time.Advance(Second);
        await ReportAsync("a", Reports.Create(sessions: 500, capacity: 1000, seq: 2));
        _time.Advance(Second);

        var (first, health0, health1, utilization1) = _sampler.Read(s =>
        {
            var series = s.TrackOf("a")!.Series;
            return (series.First, series.HealthAt(0), series.HealthAt(1), series.UtilizationAt(1));
        });
        Assert.Equal(0, first);
        Assert.Equal(150, health0);
        Assert.Equal(100, health1);
        Assert.Equal(100, utilization1);
    }

    [Fact]
    public async Task Sample_CountsThisLocatorsPlacementsPerClusterAndSecond_FromTheMeter()
    {
        await ReportAsync("a", Reports.Create());
        await ReportAsync("b", Reports.Create());
        var a = _registry.Find("a")!;
        var b = _registry.Find("b")!;

        // Another locator's meter in the same process (another container) is not this one's.
        using var other = new ServiceCollection().AddMetrics().BuildServiceProvider();
        new LocatorMetrics(other.GetRequiredService<IMeterFactory>(), _registry).Placed(a);

        _metrics.Placed(a);
        _metrics.Placed(a);
        _metrics.Placed(b);
        _time.Advance(Second);
        _time.Advance(Second);

        Assert.Equal(0, _sampler.PlacementsPerSecond);
        var (a0, b0, a1, fleet0) = _sampler.Read(s => (
            s.TrackOf("a")!.Series.PlacementsAt(0),
            s.TrackOf("b")!.Series.PlacementsAt(0),
            s.TrackOf("a")!.Series.PlacementsAt(1),
            s.FleetPlacementsAt(0)));
        Assert.Equal(2, a0);
        Assert.Equal(1, b0);
        Assert.Equal(0, a1);
        Assert.Equal(3, fleet0);
    }

    [Fact]
    public void LocateP99_BeforeAnyLocate_IsNull_AndAfterLocates_IsRead()
    {
        _time.Advance(Second);
        Assert.Null(_sampler.LocateP99);

        using var meter = _services.GetRequiredService<IMeterFactory>().Create(LocatorMetrics.MeterName);
        var duration = meter.CreateHistogram<double>(LocatorMeterReader.LocateDuration, "s");
        for (var i = 0; i < 100; i++)
        {
            duration.Record(0.001);
        }

        _time.Advance(Second);

        Assert.True(_reader.HasLatency);
        Assert.InRange(_sampler.LocateP99!.Value.TotalMilliseconds, 1, 1.1);
    }
}
