using ClusterLocator.Cli.Demo.Fleet;
using ClusterLocator.Cli.Demo.Views;
using ClusterLocator.Cli.Demo.Workload;

namespace ClusterLocator.Cli.Demo;

/// <summary>Everything a view reads while the demo runs.</summary>
internal sealed record DemoRun(DemoPlan Plan, DemoFleet Fleet, ClusterWatch Watch, WorkloadStats Stats, DemoScenario Scenario, DemoEvents Events)
{
    /// <summary>One row per cluster, as things stand.</summary>
    public IReadOnlyList<ClusterRow> Rows()
    {
        var total = Stats.TotalPlacements;
        return [.. Plan.Clusters.Select(spec => ClusterRow.For(spec, this, total))];
    }
}
