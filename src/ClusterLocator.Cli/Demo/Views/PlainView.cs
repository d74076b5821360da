using System.Text;
using static ClusterLocator.Cli.Demo.Views.DemoFormat;

namespace ClusterLocator.Cli.Demo.Views;

/// <summary>
/// The demo for logs and pipes (<c>--no-ui</c>, or output that is not a terminal): each event on its
/// own line as it happens, and once a second one line with every cluster's figures.
/// </summary>
internal sealed class PlainView(TextWriter output) : IDemoView
{
    private static readonly TimeSpan EventInterval = TimeSpan.FromMilliseconds(250);
    private int _nextEvent;

    public async Task RunAsync(DemoRun run, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync(Invariant(
            $"demo: locator {run.Fleet.LocatorUri}, {run.Plan.Clusters.Count} clusters ({string.Join(", ", run.Plan.Clusters.Select(c => $"{c.Id} capacity {c.Capacity}"))}), {run.Plan.Clients} virtual clients, {Seconds(run.Plan.Duration, "0.#")}; {run.Plan.Victim} is killed at {Seconds(run.Plan.CrashAt, "0.#")} and restarted at {Seconds(run.Plan.RestartAt, "0.#")}."));
        using var timer = new PeriodicTimer(EventInterval, run.Events.Time);
        var tick = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await WriteEventsAsync(run);
                if (++tick % 4 == 0)
                {
                    await output.WriteLineAsync(StatusLine(run));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        await WriteEventsAsync(run);
        await output.WriteLineAsync(StatusLine(run));
    }

    private async Task WriteEventsAsync(DemoRun run)
    {
        foreach (var entry in run.Events.ReadFrom(ref _nextEvent))
        {
            await output.WriteLineAsync(entry.ToString());
        }
    }

    private static string StatusLine(DemoRun run)
    {
        var sb = new StringBuilder($"{Seconds(run.Events.Elapsed),6} ");
        foreach (var row in run.Rows())
        {
            sb.Append(Invariant(
                $"{row.Id} {row.State} health {Health(row.Health)} sessions {Number(row.Sessions)}/{row.Capacity} placed {row.Placements} ({Percent(row.PlacementShare)}, capacity {Percent(row.CapacityShare)}) | "));
        }

        var stats = run.Stats;
        sb.Append(Invariant($"sessions {stats.Sessions}, failed {stats.Failed}, re-opened {stats.Interrupted}"));
        return sb.ToString();
    }
}
