using System.Globalization;
using System.Text;

namespace ClusterLocator.Cli.Demo;

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
            $"demo: locator {run.Fleet.LocatorUri}, {run.Plan.Clusters.Count} clusters ({string.Join(", ", run.Plan.Clusters.Select(c => $"{c.Id} capacity {c.Capacity}"))}), {run.Plan.Clients} virtual clients, {run.Plan.Duration.TotalSeconds:0.#}s; {run.Plan.Victim} is killed at {run.Plan.CrashAt.TotalSeconds:0.#}s and restarted at {run.Plan.RestartAt.TotalSeconds:0.#}s."));
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
        var sb = new StringBuilder(Invariant($"{run.Events.Elapsed.TotalSeconds,5:0.0}s "));
        foreach (var row in run.Rows())
        {
            sb.Append(Invariant(
                $"{row.Id} {row.State} health {Number(row.Health, "0.00")} sessions {Number(row.Sessions, "0")}/{row.Capacity} placed {row.Placements} ({row.PlacementShare * 100:0}%, capacity {row.CapacityShare * 100:0}%) | "));
        }

        var stats = run.Stats;
        sb.Append(Invariant($"sessions {stats.Sessions}, failed {stats.Failed}, re-opened {stats.Interrupted}"));
        return sb.ToString();
    }

    private static string Number(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "-";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
