using ClusterLocator.Protocol;

namespace ClusterLocator.Cli.Demo.Views;

/// <summary>
/// One cluster as the views show it: its state and load as the locator lists them, next to what the
/// workload saw of it.
/// </summary>
internal sealed record ClusterRow(
    string Id,
    string State,
    double? Health,
    int? Sessions,
    int Capacity,
    long Placements,
    double PlacementShare,
    double CapacityShare,
    long Refused,
    long Cut)
{
    public const string Killed = "killed";
    public const string Restarting = "restarting";
    public const string NotListed = "not listed";

    public static ClusterRow For(DemoClusterSpec spec, DemoRun run, long totalPlacements)
    {
        run.Watch.Clusters.TryGetValue(spec.Id, out var view);
        var tally = run.Stats[spec.Id];
        var running = run.Fleet[spec.Id].IsRunning;
        var state = (running, view?.State) switch
        {
            (false, _) when run.Scenario.IsRestarting => Restarting,

            // Killed, but still listed as active: the locator learns of it only when the lease runs out.
            (false, ClusterStates.Active) => Killed,
            (_, null) => NotListed,
            (_, ClusterStates.Expired) => "EXPIRED",
            (_, var listed) => listed,
        };
        // An expired cluster's figures are those of its last report, long past: not shown.
        var current = view is not null && view.State != ClusterStates.Expired;
        return new ClusterRow(
            spec.Id,
            state,
            current ? view!.Health : null,
            current ? view!.Load.Sessions : null,
            spec.Capacity,
            tally.Placements,
            totalPlacements == 0 ? 0 : (double)tally.Placements / totalPlacements,
            run.Plan.CapacityShare(spec),
            tally.Refused,
            tally.Cut);
    }
}
