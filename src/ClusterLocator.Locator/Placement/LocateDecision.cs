using ClusterLocator.Locator.Diagnostics;
using ClusterLocator.Locator.Fairness;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;

namespace ClusterLocator.Locator.Placement;

/// <summary>
/// A locate, whichever door it came in by (<c>GET /v1/locate</c>, a DNS query): the decision over the
/// service's clusters, then the placement counted toward the chosen cluster's load when the client's
/// share allows (<see cref="PlacementShare"/>), and the locate counted in the metrics under its
/// transport. One place, so that a DNS answer and an HTTP answer are the same placement.
/// </summary>
internal sealed class LocateDecision(ClusterRegistry registry, ClusterSelector selector, LocatorMetrics metrics, PlacementShare share)
{
    /// <summary>Chooses a cluster for <paramref name="request"/> at <paramref name="now"/> and counts the placement on it.</summary>
    public PlacementResult Place(ClientKey client, LocateRequest request, long now, string transport)
    {
        var result = Decide(request, now, out var clusters);
        if (result.IsPlaced)
        {
            Count(client, clusters, result.Cluster!, transport);
        }
        else
        {
            metrics.Located(MetricResults.Unavailable, transport);
        }

        return result;
    }

    /// <summary>
    /// Chooses a cluster for <paramref name="request"/>, counting nothing yet: the caller answers with it
    /// and then calls <see cref="Count"/>, or counts the locate as refused.
    /// </summary>
    /// <param name="request">What the client asks for.</param>
    /// <param name="now">The registry's time of the decision.</param>
    /// <param name="clusters">The service's clusters the decision was made over, to pass to <see cref="Count"/>.</param>
    public PlacementResult Decide(LocateRequest request, long now, out ClusterEntry[] clusters)
    {
        var index = registry.Snapshot.IndexOf(request.Service);
        clusters = index.Entries;
        return selector.Select(index, request, now, recordPlacement: false);
    }

    /// <summary>
    /// Counts the placement of <paramref name="client"/> on <paramref name="cluster"/>, one of the
    /// service's <paramref name="clusters"/>, answered over <paramref name="transport"/>.
    /// </summary>
    public void Count(ClientKey client, ClusterEntry[] clusters, ClusterEntry cluster, string transport)
    {
        // Answered either way, with the same cluster: only whether it lowers the cluster's health differs.
        if (share.TryCount(client, cluster.Service, clusters))
        {
            cluster.RecordPlacement();
        }
        else
        {
            metrics.NotCounted(cluster);
        }

        metrics.Located(MetricResults.Placed, transport);
        metrics.Placed(cluster);
    }
}
