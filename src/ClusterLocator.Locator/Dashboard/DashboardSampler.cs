using ClusterLocator.Locator.Registry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Dashboard;

/// <summary>
/// Samples the registry once a second on its clock (the container's <see cref="TimeProvider"/>):
/// each cluster's health, utilization and placements into its <see cref="ClusterSeries"/>, the
/// fleet's placements a second and locate p99, and the changes worth an event (a cluster
/// registered, expired, draining, gone; the store lost or back) into <see cref="Events"/>. Nothing
/// leaves the process: the dashboard's streams read from here.
/// </summary>
internal sealed partial class DashboardSampler(ClusterRegistry registry, LocatorMeterReader meters, TimeProvider time, ILogger<DashboardSampler> logger)
    : IHostedService, IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ClusterTrack> _tracks = new(StringComparer.Ordinal);
    private readonly long[] _fleetPlacements = new long[SampleClock.Length];
    private TaskCompletionSource _sampled = NewSignal();
    private bool _storeHealthy = true;
    private ITimer? _timer;

    /// <summary>The sample numbers and times; read under <see cref="Read{T}"/>.</summary>
    public SampleClock Clock { get; } = new();

    public EventRing Events { get; } = new();

    /// <summary>Every service at the latest sample, ordered by name, with its clusters counted.</summary>
    public IReadOnlyList<ServiceSummary> Services { get; private set; } = [];

    /// <summary>Clusters known at the latest sample.</summary>
    public int Clusters { get; private set; }

    /// <summary>Clusters a locate could choose at the latest sample.</summary>
    public int Eligible { get; private set; }

    /// <summary>Sessions this locator placed in the latest sample's second.</summary>
    public long PlacementsPerSecond { get; private set; }

    /// <summary>The 99th percentile of locate latency over the last seconds, or null when the locator does not measure it or saw no locate.</summary>
    public TimeSpan? LocateP99 { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = time.CreateTimer(_ => SampleSafely(), null, SampleClock.Interval, SampleClock.Interval);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Completes after the next sample (or when <paramref name="cancellationToken"/> is canceled).</summary>
    public Task NextSampleAsync(CancellationToken cancellationToken) => Volatile.Read(ref _sampled).Task.WaitAsync(cancellationToken);

    /// <summary>Runs <paramref name="reader"/> while no sample is being taken, so the series it reads hold still.</summary>
    public T Read<T>(Func<DashboardSampler, T> reader)
    {
        lock (_gate)
        {
            return reader(this);
        }
    }

    /// <summary>The series of <paramref name="clusterId"/>, or null; call inside <see cref="Read{T}"/>.</summary>
    public ClusterTrack? TrackOf(string clusterId) => _tracks.GetValueOrDefault(clusterId);

    /// <summary>The fleet's placements in the second of <paramref name="sample"/>; call inside <see cref="Read{T}"/>.</summary>
    public long FleetPlacementsAt(long sample) => _fleetPlacements[SampleClock.SlotOf(sample)];

    /// <summary>Takes one sample now; the timer calls it once a second.</summary>
    internal void Sample()
    {
        var unixMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var now = registry.Now;
        var snapshot = registry.Snapshot;
        TaskCompletionSource sampled;
        lock (_gate)
        {
            var sample = Clock.Next(unixMs);
            SampleStore(unixMs);
            long fleet = 0;
            var services = new List<ServiceSummary>(snapshot.Services.Count);
            int total = 0, eligible = 0;
            foreach (var (service, clusters) in snapshot.Services)
            {
                var serviceEligible = 0;
                foreach (var entry in clusters.Entries)
                {
                    fleet += SampleCluster(entry, service, sample, now, unixMs, ref serviceEligible);
                }

                services.Add(new ServiceSummary(service, clusters.Entries.Length, serviceEligible));
                total += clusters.Entries.Length;
                eligible += serviceEligible;
            }

            services.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            Services = services;
            Clusters = total;
            Eligible = eligible;

            ForgetGone(sample, unixMs);
            _fleetPlacements[SampleClock.SlotOf(sample)] = fleet;
            PlacementsPerSecond = fleet;
            meters.Latency.Roll();
            LocateP99 = meters.Latency.P99() is { } p99 ? TimeSpan.FromSeconds(p99) : null;
            sampled = _sampled;
            _sampled = NewSignal();
        }

        sampled.TrySetResult();
    }

    private long SampleCluster(ClusterEntry entry, string service, long sample, long now, long unixMs, ref int eligible)
    {
        var state = entry.StateAt(now);
        if (state.IsEligible)
        {
            eligible++;
        }

        var placed = meters.TakePlacements(entry.ClusterId);
        if (!_tracks.TryGetValue(entry.ClusterId, out var track))
        {
            track = new ClusterTrack(service, sample, state.Eligibility);
            _tracks.Add(entry.ClusterId, track);
            Events.Add(unixMs, DashboardEventKinds.Registered, service, entry.ClusterId, $"incarnation {entry.Report.Incarnation}, {state.Name}");
            if (state.Eligibility is Eligibility.Draining or Eligibility.Expired)
            {
                Changed(track, entry, Eligibility.Eligible, state.Eligibility, now, unixMs);
            }
        }
        else if (track.State != state.Eligibility)
        {
            Changed(track, entry, track.State, state.Eligibility, now, unixMs);
        }

        track.Service = service;
        track.State = state.Eligibility;
        track.Seen = sample;
        track.PlacementsPerSecond = placed;
        // An expired cluster's last health is no longer true of it: its plot has a gap instead.
        var expired = state.Eligibility == Eligibility.Expired;
        track.Series.Set(sample, expired ? null : state.Health, expired ? null : DashboardRows.UtilizationOf(entry), placed);
        return placed;
    }

    /// <summary>Adds the event of a state change worth one; zero health and back is the plots' business.</summary>
    private void Changed(ClusterTrack track, ClusterEntry entry, Eligibility from, Eligibility to, long now, long unixMs)
    {
        var (kind, detail) = (from, to) switch
        {
            (_, Eligibility.Expired) => (DashboardEventKinds.Expired, $"no report for {registry.Elapsed(entry.ReportedAt, now).TotalSeconds:0.0}s: no longer placed"),
            (_, Eligibility.Draining) => (DashboardEventKinds.Draining, "takes no new sessions"),
            (Eligibility.Expired, _) => (DashboardEventKinds.Registered, $"reports again (incarnation {entry.Report.Incarnation})"),
            (Eligibility.Draining, _) => (DashboardEventKinds.Active, "active again"),
            _ => ((string?)null, (string?)null),
        };
        if (kind is not null)
        {
            Events.Add(unixMs, kind, track.Service, entry.ClusterId, detail!);
        }
    }

    private void ForgetGone(long sample, long unixMs)
    {
        List<string>? gone = null;
        foreach (var (clusterId, track) in _tracks)
        {
            if (track.Seen != sample)
            {
                (gone ??= []).Add(clusterId);
                Events.Add(
                    unixMs,
                    DashboardEventKinds.Deregistered,
                    track.Service,
                    clusterId,
                    track.State == Eligibility.Expired ? "forgotten after its lease ended" : "deregistered");
            }
        }

        if (gone is not null)
        {
            foreach (var clusterId in gone)
            {
                _tracks.Remove(clusterId);
            }

            meters.Forget(_tracks.ContainsKey);
        }
    }

    private void SampleStore(long unixMs)
    {
        var health = registry.StoreHealth;
        if (health.Healthy == _storeHealthy)
        {
            return;
        }

        _storeHealthy = health.Healthy;
        Events.Add(
            unixMs,
            health.Healthy ? DashboardEventKinds.StoreBack : DashboardEventKinds.StoreUnreachable,
            null,
            null,
            health.Healthy ? $"the {registry.StoreKind} store answers again" : $"the {registry.StoreKind} store cannot be reached: {health.Problem}");
    }

    private void SampleSafely()
    {
        try
        {
            Sample();
        }
        catch (Exception ex)
        {
            // A bug here must not stop the samples, nor anything else: the dashboard is a view.
            Log.SampleFailed(logger, ex);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose() => _timer?.Dispose();
}
