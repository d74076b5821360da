using System.Diagnostics;
using System.Diagnostics.Metrics;
using ClusterLocator.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterLocator.Client.Diagnostics;

/// <summary>
/// What a <see cref="LocatorClient"/> tells about itself: the meter and the activity source
/// <see cref="Name"/>, and log lines for failovers and re-locations. With dependency injection the
/// meter comes from the application's <see cref="IMeterFactory"/> and the logs go to its loggers;
/// a client made with <c>new</c> shares one meter and logs nothing.
/// </summary>
internal sealed partial class ClientTelemetry
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "ClusterLocator.Client";

    public static readonly ActivitySource Source = new(Name);

    private readonly Counter<long> _locates;
    private readonly Counter<long> _failovers;
    private readonly Counter<long> _relocations;
    private readonly Counter<long> _connectFailures;
    private readonly ILogger _logger;

    public ClientTelemetry(IMeterFactory? meterFactory, ILoggerFactory? loggerFactory)
    {
        var meter = meterFactory?.Create(Name) ?? SharedMeter.Value;
        _locates = meter.CreateCounter<long>("clusterlocator.client.locates", "{locate}", "Locates the client made, by result: answered, cached, no_eligible_cluster, unavailable (no locator answered), denied, rejected.");
        _failovers = meter.CreateCounter<long>("clusterlocator.client.failovers", "{failover}", "Times a locate moved on to the next locator because one did not answer, was warming up or failed.");
        _relocations = meter.CreateCounter<long>("clusterlocator.client.relocations", "{relocation}", "Sessions or requests placed again on another cluster after one refused, could not be reached or answered ClusterLocator-Relocate.");
        _connectFailures = meter.CreateCounter<long>("clusterlocator.client.connect.failures", "{failure}", "Clusters that failed a session or request: refused, reset, unreachable, or answered ClusterLocator-Relocate.");
        _logger = (ILogger?)loggerFactory?.CreateLogger<LocatorClient>() ?? NullLogger.Instance;
    }

    /// <summary>What every client made without dependency injection shares.</summary>
    public static ClientTelemetry Shared => SharedTelemetry.Value;

    private static readonly Lazy<Meter> SharedMeter = new(() => new Meter(Name));

    private static readonly Lazy<ClientTelemetry> SharedTelemetry = new(() => new ClientTelemetry(null, null));

    /// <summary>Starts the activity of one locate of <paramref name="service"/>, when someone listens.</summary>
    public static Activity? StartLocate(string service) =>
        Source.StartActivity("locate", ActivityKind.Client)?.SetTag("service_name", service);

    /// <summary>Starts the activity of one attempt to open a session on <paramref name="placement"/>, when someone listens.</summary>
    public static Activity? StartConnect(LocateResponse placement) =>
        Source.StartActivity("connect", ActivityKind.Client)?.SetTag("cluster_id", placement.ClusterId).SetTag("server.address", placement.Address);

    /// <summary>Counts a locate by its result and tags its activity.</summary>
    public void Located(Activity? activity, LocatorResult<LocateResponse> result, bool cached)
    {
        var name = cached ? "cached" : result.Type switch
        {
            LocatorResultType.Answered => "answered",
            LocatorResultType.NoEligibleCluster => "no_eligible_cluster",
            LocatorResultType.Unavailable => "unavailable",
            LocatorResultType.Denied => "denied",
            _ => "rejected",
        };
        _locates.Add(1, new KeyValuePair<string, object?>("result", name));
        if (activity is not null)
        {
            activity.SetTag("clusterlocator.result", name);
            if (result.Answer is { } placement)
            {
                activity.SetTag("cluster_id", placement.ClusterId);
            }
            else if (result.Type != LocatorResultType.Answered)
            {
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }
    }

    /// <summary>Counts and logs a move to <paramref name="next"/> after the previous locator failed for <paramref name="reason"/>.</summary>
    public void FailedOver(Uri next, string? reason)
    {
        _failovers.Add(1);
        Activity.Current?.AddEvent(new ActivityEvent("failover", tags: new ActivityTagsCollection { ["next"] = next.ToString() }));
        Log.FailedOver(_logger, next, reason);
    }

    /// <summary>Counts a cluster that failed a session and, when another is tried, the re-location.</summary>
    public void ConnectFailed(string service, LocateResponse placement, string reason, bool relocating)
    {
        _connectFailures.Add(1);
        if (relocating)
        {
            _relocations.Add(1);
            Activity.Current?.AddEvent(new ActivityEvent("relocate", tags: new ActivityTagsCollection { ["cluster_id"] = placement.ClusterId }));
            Log.Relocated(_logger, service, placement.ClusterId, placement.Address, reason);
        }
        else
        {
            Log.GaveUp(_logger, service, placement.ClusterId, placement.Address, reason);
        }
    }
}
