using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using ClusterLocator.Locator.Diagnostics;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol.Supervision;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Sharing;

/// <summary>
/// Every <see cref="LocatorOptions.PeerSyncInterval"/>, takes this locator's own placements since the
/// last time (<see cref="ClusterEntry.TakeUnsharedPlacements"/>) and posts them to every peer, each
/// tagged with the report it was counted against. Nothing is sent when nothing was placed. A batch a
/// peer does not take is dropped, not retried: the counts are a hint that the cluster's next report
/// replaces, and a late count would only be dropped by the peer as against an older report.
/// </summary>
internal sealed partial class PlacementSender(
    ClusterRegistry registry,
    IPeerDirectory directory,
    LocatorInstance instance,
    LocatorOptions options,
    IHttpClientFactory clients,
    TaskSupervisor supervisor,
    LocatorMetrics metrics,
    TimeProvider time,
    ILogger<PlacementSender> logger) : BackgroundService
{
    /// <summary>The name of the <see cref="HttpClient"/> peers are posted to with.</summary>
    public const string HttpClientName = "ClusterLocator.Peers";

    /// <summary>
    /// The most counts in one request: an item is at most about 200 bytes, so a batch stays under the
    /// receiver's <see cref="PlacementsEndpoint.MaxBodyBytes"/>.
    /// </summary>
    public const int MaxItemsPerRequest = 4_000;

    /// <summary>How long a post may take. A peer that takes longer is skipped until it answers, so it never holds back the others.</summary>
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<Uri, PeerLink> _links = new();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => supervisor.RunAsync("peer-sync", RunAsync, stoppingToken);

    private async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(options.EffectivePeerSyncInterval, time);
        while (await timer.WaitForNextTickAsync(stopping))
        {
            // Not awaited: a slow peer must not delay the next tick to the others.
            _ = SyncAsync(stopping);
        }
    }

    /// <summary>Takes the unshared placements and posts them to every peer not still busy with the last batch; completes when every post has.</summary>
    internal Task SyncAsync(CancellationToken cancellationToken)
    {
        var peers = directory.Peers;
        if (peers.Count == 0)
        {
            return Task.CompletedTask;
        }

        var bodies = TakeBatches(registry.Snapshot, instance.Id);
        if (bodies.Count == 0)
        {
            return Task.CompletedTask;
        }

        var sends = new List<Task>(peers.Count);
        foreach (var peer in peers)
        {
            var link = _links.GetOrAdd(peer, uri => new PeerLink(uri));
            if (link.TryBegin())
            {
                sends.Add(SendAsync(link, bodies, cancellationToken));
            }
            else
            {
                metrics.PeerSyncFailed();
            }
        }

        return Task.WhenAll(sends);
    }

    /// <summary>The unshared placements of every cluster, as request bodies of at most <see cref="MaxItemsPerRequest"/> counts.</summary>
    internal static List<byte[]> TakeBatches(RegistrySnapshot snapshot, string locatorId)
    {
        var bodies = new List<byte[]>();
        var items = new List<SharedPlacement?>();
        foreach (var entry in snapshot.All)
        {
            var count = entry.TakeUnsharedPlacements();
            if (count == 0)
            {
                continue;
            }

            items.Add(new SharedPlacement { Cluster = entry.ClusterId, Incarnation = entry.Report.Incarnation, Seq = entry.Report.Seq, Count = Math.Min(count, PlacementBatchValidator.MaxCount) });
            if (items.Count == MaxItemsPerRequest)
            {
                bodies.Add(Serialize(locatorId, items));
                items = [];
            }
        }

        if (items.Count > 0)
        {
            bodies.Add(Serialize(locatorId, items));
        }

        return bodies;
    }

    private static byte[] Serialize(string locatorId, List<SharedPlacement?> items) =>
        JsonSerializer.SerializeToUtf8Bytes(new PlacementBatch { Locator = locatorId, Placements = items }, SharingJsonContext.Default.PlacementBatch);

    private async Task SendAsync(PeerLink link, List<byte[]> bodies, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(SendTimeout);
            var http = clients.CreateClient(HttpClientName);
            foreach (var body in bodies)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, link.Target) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                if (options.ControllerToken is { } token)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                using var response = await http.SendAsync(request, timeout.Token);
                if (!response.IsSuccessStatusCode)
                {
                    Failed(link, $"it answered {(int)response.StatusCode} {response.ReasonPhrase}{Advice((int)response.StatusCode)}");
                    return;
                }
            }

            if (link.Succeeded() is { } dropped)
            {
                Log.PeerReachable(logger, link.Peer, dropped);
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // The locator stops.
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            Failed(link, ex is OperationCanceledException ? $"no answer within {SendTimeout.TotalSeconds:0.#}s" : ex.Message);
        }
        finally
        {
            link.End();
        }
    }

    private static string Advice(int status) => status switch
    {
        401 or 403 => ": give every locator of the group the same controller token",
        404 => ": the peer is a locator without placement sharing, or not a locator",
        _ => string.Empty,
    };

    private void Failed(PeerLink link, string reason)
    {
        metrics.PeerSyncFailed();
        if (link.Failed())
        {
            Log.PeerUnreachable(logger, link.Peer, reason);
        }
    }
}
