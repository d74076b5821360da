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
    /// The most counts in one request, and the most a receiver takes: an item is at most about 200 bytes
    /// (64-character ids, the longest seq and count), so a batch stays near 800 KB, under the
    /// receiver's <see cref="PlacementsEndpoint.MaxBodyBytes"/>.
    /// </summary>
    public const int MaxItemsPerRequest = 4_000;

    private readonly ConcurrentDictionary<Uri, PeerLink> _links = new();

    /// <summary>
    /// How long a post may take: a count is worth sending until the cluster's next report, so up to
    /// a report interval, within 2 to 10 seconds. Meanwhile newer counts for that peer wait for the
    /// next post rather than pile up in parallel requests.
    /// </summary>
    internal TimeSpan SendTimeout { get; } = TimeSpan.FromTicks(Math.Clamp(options.ReportInterval.Ticks, TimeSpan.TicksPerSecond * 2, TimeSpan.TicksPerSecond * 10));

    /// <summary>
    /// True when this locator refuses counts without a credential (<see cref="LocatorOptions.CredentialsFile"/>)
    /// but has no <see cref="LocatorOptions.ControllerToken"/> to send: its peers, configured alike,
    /// would answer every post 401, since the posts carry that token and no client certificate.
    /// </summary>
    internal bool HasNoCredentialToSend => options.ControllerToken is null && options.CredentialsFile is not null;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (HasNoCredentialToSend)
        {
            if (options.IsSharedStore || options.Peers.Count > 0)
            {
                Log.NoCredentialToSend(logger);
            }

            return Task.CompletedTask;
        }

        return supervisor.RunAsync("peer-sync", RunAsync, stoppingToken);
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(options.EffectivePeerSyncInterval, time);
        while (await timer.WaitForNextTickAsync(stopping))
        {
            // Not awaited: a slow peer must not delay the next tick to the others.
            _ = SyncAsync(stopping);
        }
    }

    /// <summary>
    /// Takes the unshared placements and posts them, with any still waiting, to every peer that is
    /// not busy with its last post; completes when every post it started has.
    /// </summary>
    internal Task SyncAsync(CancellationToken cancellationToken)
    {
        var peers = directory.Peers;
        if (peers.Count == 0)
        {
            _links.Clear();
            return Task.CompletedTask;
        }

        var taken = TakeUnshared(registry.Snapshot);
        var sends = new List<Task>(peers.Count);
        foreach (var peer in peers)
        {
            var link = _links.GetOrAdd(peer, uri => new PeerLink(uri));
            link.Add(taken);
            if (link.HasPending && link.TryBegin())
            {
                sends.Add(SendAsync(link, cancellationToken));
            }
        }

        ForgetDeparted(peers);
        return Task.WhenAll(sends);
    }

    /// <summary>The number of peers this sender keeps a link to (counts waiting, outage state).</summary>
    internal int LinkCount => _links.Count;

    // A peer that left the directory (a locator gone from etcd) takes its waiting counts with it:
    // they were for that peer only.
    private void ForgetDeparted(IReadOnlyList<Uri> peers)
    {
        if (_links.Count <= peers.Count)
        {
            return;
        }

        foreach (var peer in _links.Keys)
        {
            if (!peers.Contains(peer))
            {
                _links.TryRemove(peer, out _);
            }
        }
    }

    /// <summary>Every cluster's own placements since the last call, tagged with the report they were counted against.</summary>
    internal static List<SharedPlacement> TakeUnshared(RegistrySnapshot snapshot)
    {
        var items = new List<SharedPlacement>();
        foreach (var entry in snapshot.All)
        {
            var count = entry.TakeUnsharedPlacements();
            if (count > 0)
            {
                items.Add(new SharedPlacement { Cluster = entry.ClusterId, Incarnation = entry.Report.Incarnation, Seq = entry.Report.Seq, Count = count });
            }
        }

        return items;
    }

    private async Task SendAsync(PeerLink link, CancellationToken cancellationToken)
    {
        try
        {
            var items = link.TakePending();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(SendTimeout);
            var http = clients.CreateClient(HttpClientName);
            foreach (var chunk in items.Chunk(MaxItemsPerRequest))
            {
                var body = JsonSerializer.SerializeToUtf8Bytes(new PlacementBatch { Locator = instance.Id, Placements = chunk }, SharingJsonContext.Default.PlacementBatch);
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
        catch (Exception ex)
        {
            // Nothing awaits this task: an error not counted and logged here would be lost.
            Failed(link, ex.Message);
        }
        finally
        {
            link.End();
        }
    }

    private static string Advice(int status) => status switch
    {
        400 => ": it found the batch invalid (its answer names the field); run the same version of clusterlocator on every locator of the group",
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
