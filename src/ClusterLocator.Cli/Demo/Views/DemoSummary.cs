using System.Text;
using ClusterLocator.Cli.Demo.Fleet;
using static ClusterLocator.Cli.Demo.Views.DemoFormat;

namespace ClusterLocator.Cli.Demo.Views;

/// <summary>
/// The end of the demo: placements per cluster against its share of the capacity, sessions failed
/// and re-opened, and the locate latency. Its last line is meant for scripts to grep.
/// </summary>
internal sealed class DemoSummary
{
    private static readonly string[] Headers = ["CLUSTER", "CAPACITY", "CAP SHARE", "PLACEMENTS", "SHARE", "REFUSED", "CUT", string.Empty];

    private readonly DemoRun _run;
    private readonly TimeSpan _elapsed;

    /// <param name="run">The demo, once its clients have stopped.</param>
    /// <param name="elapsed">How long the clients ran.</param>
    /// <param name="stoppedEarly">Whether Ctrl-C ended it before its duration.</param>
    public DemoSummary(DemoRun run, TimeSpan elapsed, bool stoppedEarly)
    {
        _run = run;
        _elapsed = elapsed;
        StoppedEarly = stoppedEarly;
    }

    public bool StoppedEarly { get; }

    public long Failed => _run.Stats.Failed;

    public string Render()
    {
        var stats = _run.Stats;
        var plan = _run.Plan;
        var scenario = _run.Scenario;
        var sb = new StringBuilder();
        sb.AppendLine(Invariant($"Summary after {Seconds(_elapsed)}{(StoppedEarly ? " (stopped early)" : string.Empty)}: {plan.Clusters.Count} clusters, {plan.Clients} virtual clients, {plan.Victim} {Plot(scenario)}."));

        var rows = new List<string[]> { Headers };
        foreach (var row in _run.Rows())
        {
            rows.Add(
            [
                row.Id,
                Invariant($"{row.Capacity}"),
                Percent(row.CapacityShare, "0.0"),
                Invariant($"{row.Placements}"),
                Percent(row.PlacementShare, "0.0"),
                Invariant($"{row.Refused}"),
                Invariant($"{row.Cut}"),
                row.Id == plan.Victim && Downtime(scenario) is { } down ? $"(down {Seconds(down)} of {Seconds(_elapsed)})" : string.Empty,
            ]);
        }

        var widths = Enumerable.Range(0, Headers.Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            sb.Append("  ");
            sb.AppendLine(string.Concat(row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i] + 2))).TrimEnd());
        }

        sb.AppendLine("  REFUSED: connects the SDK retried on another cluster; CUT: sessions cut in use, re-opened elsewhere.");
        sb.AppendLine(Invariant($"Locate latency over {stats.Locate.Count} locates: p50 {Milliseconds(stats.Locate.Percentile(50))}, p99 {Milliseconds(stats.Locate.Percentile(99))}."));
        if (stats.FirstFailure is { } failure)
        {
            sb.AppendLine($"First failed session: {failure}");
        }

        sb.AppendLine(Invariant(
            $"demo: {stats.Sessions} sessions, {stats.Failed} failed, {stats.Interrupted} interrupted by the crash and re-opened, locate p50 {Milliseconds(stats.Locate.Percentile(50))} p99 {Milliseconds(stats.Locate.Percentile(99))}"));
        return sb.ToString();
    }

    private static string Plot(DemoScenario scenario) => (scenario.KilledAt, scenario.RestartedAt) switch
    {
        (null, _) => "not killed (the run ended first)",
        ({ } killed, null) => $"killed at {Seconds(killed)} and not restarted (the run ended first)",
        ({ } killed, { } restarted) => $"killed at {Seconds(killed)}, restarted at {Seconds(restarted)}",
    };

    private TimeSpan? Downtime(DemoScenario scenario) => scenario.KilledAt is { } killed ? (scenario.RestartedAt ?? _elapsed) - killed : null;
}
