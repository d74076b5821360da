using System.Diagnostics;
using System.Diagnostics.Metrics;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;
using Microsoft.AspNetCore.Http;

namespace ClusterLocator.Locator.Diagnostics;

/// <summary>The locator's metrics (meter <see cref="MeterName"/>), exported however the host exports metrics (at <c>/metrics</c> by <c>clusterlocator locator</c>).</summary>
internal sealed class LocatorMetrics
{
    public const string MeterName = "ClusterLocator.Locator";

    private readonly Counter<long> _locates;
    private readonly Counter<long> _placements;
    private readonly Counter<long> _reports;

    // Fair placement: declared here because readonly fields must be set in the constructor.
    private readonly Counter<long> _notCounted;

    // Sharing placement counts between locators.
    private readonly Counter<long> _peerPlacements;
    private readonly Counter<long> _peerSyncFailures;

    // Telemetry.
    private readonly Histogram<double> _locateDuration;
    private readonly Histogram<double> _reportDuration;

    public LocatorMetrics(IMeterFactory meterFactory, ClusterRegistry registry)
    {
        var meter = meterFactory.Create(MeterName);
        _locates = meter.CreateCounter<long>("clusterlocator.locate.requests", "{request}", "Locate requests by result (placed, unavailable, warming_up, invalid, rate_limited, unauthorized, forbidden) and transport (http, dns).");
        _placements = meter.CreateCounter<long>(PlacementsInstrument, "{session}", "Sessions placed, by service_name and cluster_id.");
        _reports = meter.CreateCounter<long>("clusterlocator.reports", "{report}", "Reports by result: accepted, invalid, out_of_order, unauthorized.");
        meter.CreateObservableGauge("clusterlocator.clusters", () => CountClusters(registry), "{cluster}", "Known clusters, by state.");
        meter.CreateObservableGauge(HealthInstrument, () => Healths(registry), null, "Current health of each cluster, in [0,1], by service_name and cluster_id.");
        meter.CreateObservableGauge(
            "clusterlocator.store.healthy",
            () => new Measurement<int>(registry.StoreHealth.Healthy ? 1 : 0, new KeyValuePair<string, object?>("store", registry.StoreKind)),
            null,
            "1 while the registry store can be reached; 0 while it cannot (placements are then marked stale).");
        meter.CreateObservableGauge(
            "clusterlocator.store.contact.age",
            () => StoreContactAge(registry),
            "s",
            "Seconds since the registry store last answered (0 for the memory store).");

        // Fair placement.
        _notCounted = meter.CreateCounter<long>("clusterlocator.placements.not_counted", "{session}", "Placements answered but not counted toward the cluster's load: the client had used its share of the service's capacity for this report interval (LocatorOptions.ClientPlacementShare).");

        // Sharing placement counts between locators.
        _peerPlacements = meter.CreateCounter<long>("clusterlocator.peer.placements", "{session}", "Sessions peer locators placed, by result: applied (against the report held here), other_report, unknown_cluster, forbidden (dropped).");
        _peerSyncFailures = meter.CreateCounter<long>("clusterlocator.peer.sync.failures", "{request}", "Placement batches a peer locator did not take (unreachable, timed out, or answered an error); each was dropped.");

        // Telemetry.
        _locateDuration = meter.CreateHistogram(LocateDurationInstrument, "s", "How long the locator took to answer a locate, whatever the answer (placed or refused), from the handler's start to its answer written.", tags: null, LatencyBuckets);
        _reportDuration = meter.CreateHistogram(ReportDurationInstrument, "s", "How long the locator took to answer a report (PUT /v1/clusters/{id}), whatever the answer.", tags: null, LatencyBuckets);
    }

    /// <summary>Counts a locate answered with <paramref name="result"/>, asked over <paramref name="transport"/> (<see cref="LocateTransports"/>).</summary>
    public void Located(string result, string transport = LocateTransports.Http)
    {
        _locates.Add(1, new KeyValuePair<string, object?>("result", result), new KeyValuePair<string, object?>(TransportLabel, transport));
        LocatorActivities.Located(result);
    }

    public void Placed(ClusterEntry cluster)
    {
        LocatorActivities.Placed(cluster);
        _placements.Add(
            1,
            new KeyValuePair<string, object?>(ServiceLabel, cluster.Service),
            new KeyValuePair<string, object?>(ClusterLabel, cluster.ClusterId));
    }

    public void Reported(string result) => _reports.Add(1, new KeyValuePair<string, object?>("result", result));

    private static double StoreContactAge(ClusterRegistry registry)
    {
        var health = registry.StoreHealth;
        return health.LastContact == 0 ? 0 : registry.Elapsed(health.LastContact, registry.Now).TotalSeconds;
    }

    private static IEnumerable<Measurement<int>> CountClusters(ClusterRegistry registry)
    {
        var now = registry.Now;

        // Every state is measured, at zero too, so a series does not vanish when its last cluster leaves it.
        var counts = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            [ClusterStates.Active] = 0,
            [ClusterStates.Draining] = 0,
            [ClusterStates.Expired] = 0,
        };
        foreach (var entry in registry.Snapshot.All)
        {
            counts[entry.StateAt(now).Name]++;
        }

        return counts.Select(c => new Measurement<int>(c.Value, new KeyValuePair<string, object?>("state", c.Key)));
    }

    private static IEnumerable<Measurement<double>> Healths(ClusterRegistry registry) =>
        registry.Snapshot.All.Select(e => new Measurement<double>(
            e.Health,
            new KeyValuePair<string, object?>(ServiceLabel, e.Service),
            new KeyValuePair<string, object?>(ClusterLabel, e.ClusterId)));

    // Fair placement.

    /// <summary>Counts a placement on <paramref name="cluster"/> that did not count toward its load.</summary>
    public void NotCounted(ClusterEntry cluster) => _notCounted.Add(1, new KeyValuePair<string, object?>(ServiceLabel, cluster.Service));

    // Limits: the instruments labelled by service and cluster, whose series the host bounds.

    /// <summary>The counter of placements, labelled by service and cluster.</summary>
    public const string PlacementsInstrument = "clusterlocator.placements";

    /// <summary>The gauge of each cluster's health, labelled by service and cluster.</summary>
    public const string HealthInstrument = "clusterlocator.cluster.health";

    // Sharing placement counts between locators.

    /// <summary>Counts <paramref name="sessions"/> a peer placed, by what became of them.</summary>
    public void PeerPlacements(string result, long sessions) => _peerPlacements.Add(sessions, new KeyValuePair<string, object?>("result", result));

    /// <summary>Counts a batch that did not reach a peer.</summary>
    public void PeerSyncFailed() => _peerSyncFailures.Add(1);

    // Telemetry: latency histograms, the labels' names and the locate activity.

    /// <summary>The histogram of locate latencies, in seconds; read by name (dashboards, a <c>MeterListener</c>).</summary>
    public const string LocateDurationInstrument = "clusterlocator.locate.duration";

    /// <summary>The histogram of report ingestion latencies, in seconds.</summary>
    public const string ReportDurationInstrument = "clusterlocator.report.duration";

    /// <summary>The label naming a service. Not <c>service</c>, which Prometheus and OpenTelemetry use for the scraped process.</summary>
    public const string ServiceLabel = "service_name";

    /// <summary>The label naming a cluster. Not <c>cluster</c>, which Prometheus set-ups often add to every target.</summary>
    public const string ClusterLabel = "cluster_id";

    /// <summary>The label naming how a locate was asked: <see cref="LocateTransports"/>.</summary>
    public const string TransportLabel = "transport";

    /// <summary>
    /// The buckets of both latency histograms, in seconds: a locate is answered in tens of
    /// microseconds, a report in a fraction of a millisecond, and OpenTelemetry's default buckets
    /// (0 to 10 000, made for milliseconds) would put every one of them in the first.
    /// </summary>
    private static readonly InstrumentAdvice<double> LatencyBuckets = new()
    {
        HistogramBucketBoundaries = [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    };

    /// <summary>
    /// <paramref name="locate"/>, timed into <see cref="LocateDurationInstrument"/> and, while an
    /// <see cref="ActivityListener"/> listens, traced as a <c>locate</c> activity. The common case, a
    /// handler that completes synchronously with nobody tracing, allocates nothing.
    /// </summary>
    public RequestDelegate TimeLocates(RequestDelegate locate) => context =>
    {
        var start = Stopwatch.GetTimestamp();
        return LocatorActivities.Source.HasListeners()
            ? LocatorActivities.TraceAsync(context, locate, _locateDuration, start)
            : Timed(locate(context), _locateDuration, start);
    };

    /// <summary><paramref name="report"/>, timed into <see cref="ReportDurationInstrument"/>.</summary>
    public RequestDelegate TimeReports(RequestDelegate report) => context => Timed(report(context), _reportDuration, Stopwatch.GetTimestamp());

    /// <summary>Records the time since <paramref name="start"/> when <paramref name="handled"/> completes.</summary>
    internal static Task Timed(Task handled, Histogram<double> duration, long start)
    {
        if (handled.IsCompleted)
        {
            duration.Record(Stopwatch.GetElapsedTime(start).TotalSeconds);
            return handled;
        }

        return RecordWhenDoneAsync(handled, duration, start);
    }

    private static async Task RecordWhenDoneAsync(Task handled, Histogram<double> duration, long start)
    {
        try
        {
            await handled;
        }
        finally
        {
            duration.Record(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
    }
}
