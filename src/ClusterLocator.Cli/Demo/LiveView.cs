using System.Globalization;
using ClusterLocator.Protocol;
using Spectre.Console;

namespace ClusterLocator.Cli.Demo;

/// <summary>
/// The demo in a terminal: a table of the clusters as the locator sees them and as the clients used
/// them, the totals, and the latest events, redrawn four times a second.
/// </summary>
internal sealed class LiveView(IAnsiConsole console) : IDemoView
{
    private const int EventLines = 8;
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(250);

    public async Task RunAsync(DemoRun run, CancellationToken cancellationToken)
    {
        await console.Live(Render(run))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .StartAsync(async context =>
            {
                using var timer = new PeriodicTimer(RefreshInterval, run.Events.Time);
                try
                {
                    while (await timer.WaitForNextTickAsync(cancellationToken))
                    {
                        context.UpdateTarget(Render(run));
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                }

                context.UpdateTarget(Render(run));
            });
    }

    private static Rows Render(DemoRun run)
    {
        var plan = run.Plan;
        var elapsed = run.Events.Elapsed;
        var header = new Markup(
            Invariant($"[bold]ClusterLocator demo[/]  {plan.Clients} virtual clients of service [bold]{DemoPlan.Service}[/]  [grey]{Math.Min(elapsed.TotalSeconds, plan.Duration.TotalSeconds):0.0}s / {plan.Duration.TotalSeconds:0}s[/]\n")
            + Invariant($"[grey]locator {Markup.Escape(run.Fleet.LocatorUri.ToString())}; {plan.Victim} is killed at {plan.CrashAt.TotalSeconds:0.0}s and restarted at {plan.RestartAt.TotalSeconds:0.0}s; Ctrl-C ends early.[/]"));

        // Narrow enough for an 80-column terminal: short headers, shares rounded.
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(Column("Cluster", right: false));
        table.AddColumn(Column("State", right: false));
        table.AddColumn(Column("Health"));
        table.AddColumn(Column("Sessions"));
        table.AddColumn(Column("Placed"));
        table.AddColumn(Column("Share (cap)"));
        table.AddColumn(Column("Refused"));
        table.AddColumn(Column("Cut"));
        foreach (var row in run.Rows())
        {
            table.AddRow(
                new Markup($"[bold]{row.Id}[/]"),
                new Markup(StateMarkup(row.State)),
                new Text(row.Health?.ToString("0.00", CultureInfo.InvariantCulture) ?? "-"),
                new Text(Invariant($"{(row.Sessions is { } sessions ? sessions.ToString(CultureInfo.InvariantCulture) : "-")}/{row.Capacity}")),
                new Text(row.Placements.ToString(CultureInfo.InvariantCulture)),
                new Text(Invariant($"{row.PlacementShare * 100:0}% ({row.CapacityShare * 100:0}%)")),
                new Text(row.Refused.ToString(CultureInfo.InvariantCulture)),
                new Text(row.Cut.ToString(CultureInfo.InvariantCulture)));
        }

        var stats = run.Stats;
        var failed = stats.Failed == 0 ? "[green]0 failed[/]" : Invariant($"[red bold]{stats.Failed} failed[/]");
        var totals = new Markup(
            Invariant($"sessions [bold]{stats.Sessions}[/], {failed}, {stats.Interrupted} cut and re-opened, locate p50 {Milliseconds(stats.Locate.Percentile(50))} p99 {Milliseconds(stats.Locate.Percentile(99))}\n")
            + "[grey]Share: of the placements (of the capacity). Refused: connects the SDK retried on another cluster. Cut: sessions cut in use, re-opened elsewhere.[/]");

        var lines = run.Events.Last(EventLines).Select(e => Markup.Escape(e.ToString())).ToList();
        var log = new Panel(new Markup(lines.Count == 0 ? "[grey]nothing yet[/]" : string.Join('\n', lines)))
            .Header("events")
            .Border(BoxBorder.Rounded)
            .Expand();

        return new Rows(header, table, totals, log);
    }

    private static TableColumn Column(string header, bool right = true)
    {
        var column = new TableColumn(header);
        return right ? column.RightAligned() : column;
    }

    private static string StateMarkup(string state) => state switch
    {
        ClusterStates.Active => "[green]active[/]",
        ClusterRow.Killed => $"[yellow]{state}[/]",
        ClusterRow.Restarting => $"[blue]{state}[/]",
        _ => $"[red bold]{Markup.Escape(state)}[/]",
    };

    private static string Milliseconds(double? value) => value is { } ms ? Invariant($"{ms:0.0} ms") : "-";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
