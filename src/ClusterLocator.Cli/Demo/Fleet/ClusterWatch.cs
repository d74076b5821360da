using ClusterLocator.Cli.Demo.Views;
using ClusterLocator.Client;
using ClusterLocator.Protocol;

namespace ClusterLocator.Cli.Demo.Fleet;

/// <summary>
/// Asks the locator for its clusters four times a second, as <c>clusterlocator clusters</c> would:
/// the view shows the locator's own idea of each cluster, and every change of state goes into the
/// event log.
/// </summary>
internal sealed class ClusterWatch(LocatorClient client, DemoEvents events)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private volatile IReadOnlyDictionary<string, ClusterView> _clusters = new Dictionary<string, ClusterView>();
    private bool _unreachable;

    /// <summary>The clusters as the locator listed them last, by id.</summary>
    public IReadOnlyDictionary<string, ClusterView> Clusters => _clusters;

    /// <summary>The cluster's state at the locator (<c>active</c>, <c>draining</c>, <c>expired</c>), or null when not listed.</summary>
    public string? StateOf(string clusterId) => _clusters.TryGetValue(clusterId, out var view) ? view.State : null;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval, events.Time);
        do
        {
            await PollAsync(cancellationToken);
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    /// <summary>Waits until the locator lists <paramref name="clusterId"/> in <paramref name="state"/>, or <paramref name="timeout"/> passes.</summary>
    public async Task<bool> WaitForStateAsync(string clusterId, string state, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = events.Time.GetTimestamp();
        while (StateOf(clusterId) != state)
        {
            if (events.Time.GetElapsedTime(started) >= timeout)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), events.Time, cancellationToken);
        }

        return true;
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        ClusterList list;
        try
        {
            list = await client.GetClustersAsync(DemoPlan.Service, cancellationToken);
        }
        catch (LocatorUnavailableException ex)
        {
            if (!_unreachable)
            {
                _unreachable = true;
                events.Add($"the locator did not answer: {ex.Message}");
            }

            return;
        }

        _unreachable = false;
        var now = list.Clusters.ToDictionary(c => c.ClusterId, StringComparer.Ordinal);
        foreach (var (id, view) in now)
        {
            var before = _clusters.TryGetValue(id, out var old) ? old.State : null;
            if (before != view.State)
            {
                events.Add(Describe(id, before, view));
            }
        }

        foreach (var id in _clusters.Keys.Where(id => !now.ContainsKey(id)))
        {
            events.Add($"{id} is no longer listed by the locator");
        }

        _clusters = now;
    }

    private static string Describe(string id, string? before, ClusterView view) => (before, view.State) switch
    {
        (null, ClusterStates.Active) => DemoFormat.Invariant($"{id} registered: capacity {view.Load.Capacity}, {view.Load.HealthyMembers}/{view.Load.Members} members healthy"),
        (ClusterStates.Expired, ClusterStates.Active) => $"{id} registered again: the locator places sessions on it again",
        (_, ClusterStates.Expired) => $"{id} expired from placements: no report for {DemoFormat.Seconds(TimeSpan.FromMilliseconds(view.LastReportAgeMs))}",
        (_, ClusterStates.Draining) => $"{id} is draining: no new sessions",
        _ => $"{id} is {view.State} at the locator",
    };
}
