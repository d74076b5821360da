using System.Diagnostics.Metrics;
using ClusterLocator.Controller.Hosting;
using ClusterLocator.Controller.Members;
using ClusterLocator.Controller.Tcp;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterLocator.Controller.Diagnostics;

/// <summary>
/// The controller's metrics, on its meter <see cref="ControllerTaskFailures.MeterName"/>: sessions
/// and refusals, members' health, the bytes through each front door and the round-trips of reports.
/// Everything but the report round-trips is observed when exported, so the session and byte paths
/// only count into fields they already had or share with nobody else.
/// </summary>
internal sealed class ControllerMetrics
{
    /// <summary>The histogram of report round-trips, in seconds.</summary>
    public const string ReportDurationInstrument = "clusterlocator.controller.report.duration";

    private readonly Histogram<double> _reportDuration;

    public ControllerMetrics(IMeterFactory meterFactory, ControllerOptions options, SessionGate gate, IServiceProvider services)
    {
        var meter = meterFactory.Create(ControllerTaskFailures.MeterName);
        KeyValuePair<string, object?>[] cluster = [new("service_name", options.Service), new("cluster_id", options.ClusterId)];
        meter.CreateObservableUpDownCounter("clusterlocator.controller.sessions", () => new Measurement<int>(gate.Live, cluster), "{session}", "Sessions open now: connections of the TCP front door, requests in flight through the HTTP one.");
        meter.CreateObservableGauge("clusterlocator.controller.sessions.limit", () => new Measurement<int>(options.EffectiveMaxSessions, cluster), "{session}", "The most sessions the cluster takes (ControllerOptions.MaxSessions, or the capacity).");
        meter.CreateObservableCounter("clusterlocator.controller.refusals", () => Refusals(gate), "{session}", "Sessions refused, by reason: full, draining, client_limit. A refused client goes back to the locator.");

        // Only a standalone controller has members and its own front doors.
        if (services.GetService<MemberSet>() is { } members)
        {
            meter.CreateObservableGauge("clusterlocator.controller.member.healthy", () => Members(members, m => m.IsHealthy ? 1 : 0), null, "1 while a member passes its probes, 0 once two in a row failed; by member.");
            meter.CreateObservableGauge("clusterlocator.controller.member.sessions", () => Members(members, m => m.Sessions), "{session}", "Sessions each member holds now; by member.");
        }

        var tcp = services.GetService<TcpFrontDoor>()?.Bytes;
        var http = options.HttpListen is null ? null : Http;
        meter.CreateObservableCounter("clusterlocator.controller.front_door.bytes", () => Bytes(tcp, http), "By", "Bytes through the front doors as their client-facing sockets see them (TLS included), by door (tcp, http) and direction (received from clients, sent to them).");
        _reportDuration = meter.CreateHistogram<double>(
            ReportDurationInstrument,
            "s",
            "How long each report took from sent to answered (or failed), by locator and result: answered, failed.",
            tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
    }

    /// <summary>What the HTTP front door moved; counted by <see cref="FrontDoorBytes.Count"/> on its connections.</summary>
    public FrontDoorBytes Http { get; } = new();

    /// <summary>Records one report to <paramref name="locator"/> that took <paramref name="elapsed"/>.</summary>
    public void Reported(Uri locator, bool answered, TimeSpan elapsed) => _reportDuration.Record(
        elapsed.TotalSeconds,
        new KeyValuePair<string, object?>("locator", locator.OriginalString),
        new KeyValuePair<string, object?>("result", answered ? "answered" : "failed"));

    private static IEnumerable<Measurement<long>> Refusals(SessionGate gate) =>
    [
        new(gate.Refusals(Admission.Full), new KeyValuePair<string, object?>("reason", "full")),
        new(gate.Refusals(Admission.Draining), new KeyValuePair<string, object?>("reason", "draining")),
        new(gate.Refusals(Admission.ClientLimit), new KeyValuePair<string, object?>("reason", "client_limit")),
    ];

    private static IEnumerable<Measurement<int>> Members(MemberSet members, Func<Member, int> value) =>
        members.All.Select(m => new Measurement<int>(value(m), new KeyValuePair<string, object?>("member", m.Address)));

    private static IEnumerable<Measurement<long>> Bytes(FrontDoorBytes? tcp, FrontDoorBytes? http)
    {
        if (tcp is not null)
        {
            yield return Measure(tcp.Received, "tcp", "received");
            yield return Measure(tcp.Sent, "tcp", "sent");
        }

        if (http is not null)
        {
            yield return Measure(http.Received, "http", "received");
            yield return Measure(http.Sent, "http", "sent");
        }
    }

    private static Measurement<long> Measure(long bytes, string door, string direction) =>
        new(bytes, new KeyValuePair<string, object?>("door", door), new KeyValuePair<string, object?>("direction", direction));
}
