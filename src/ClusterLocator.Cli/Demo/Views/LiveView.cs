using ClusterLocator.Cli.Output;
using ClusterLocator.Protocol;
using Spectre.Console;
using static ClusterLocator.Cli.Demo.Views.DemoFormat;

namespace ClusterLocator.Cli.Demo.Views;

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
            Invariant($"[bold]ClusterLocator demo[/]  {plan.Clients} virtual clients of service [bold]{DemoPlan.Service}[/]  [grey]{Seconds(elapsed < plan.Duration ? elapsed : plan.Duration)} / {Seconds(plan.Duration, "0")}[/]\n")
            + Invariant($"[grey]locator {Markup.Escape(run.Fleet.LocatorUri.ToString())}; {plan.Victim} is killed at {Seconds(plan.CrashAt)} and restarted at {Seconds(plan.RestartAt)}; Ctrl-C ends early.[/]"));

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
                new Markup($"[bold]{Markup.Escape(TerminalText.Clean(row.Id))}[/]"),
                new Markup(StateMarkup(row.State)),
                new Text(Health(row.Health)),
                new Text(Invariant($"{Number(row.Sessions)}/{row.Capacity}")),
                new Text(Number(row.Placements)),
                new Text($"{Percent(row.PlacementShare)} ({Percent(row.CapacityShare)})"),
                new Text(Number(row.Refused)),
                new Text(Number(row.Cut)));
        }

        var stats = run.Stats;
        var failed = stats.Failed == 0 ? "[green]0 failed[/]" : Invariant($"[red bold]{stats.Failed} failed[/]");
        var totals = new Markup(
            Invariant($"sessions [bold]{stats.Sessions}[/], {failed}, {stats.Interrupted} cut and re-opened, locate p50 {Milliseconds(stats.Locate.Percentile(50))} p99 {Milliseconds(stats.Locate.Percentile(99))}\n")
            + "[grey]Share: of the placements (of the capacity). Refused: connects the SDK retried on another cluster. Cut: sessions cut in use, re-opened elsewhere.[/]");

        var lines = run.Events.Last(EventLines).Select(e => Markup.Escape(TerminalText.Clean(e.ToString()))).ToList();
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
        _ => $"[red bold]{Markup.Escape(TerminalText.Clean(state))}[/]",
    };
}
