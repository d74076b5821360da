using ClusterLocator.Cli.Demo.Fleet;
using ClusterLocator.Cli.Demo.Views;
using ClusterLocator.Cli.Demo.Workload;
using ClusterLocator.Client;
using ClusterLocator.Protocol;

namespace ClusterLocator.Cli.Demo;

/// <summary>
/// Runs the demo: starts the fleet, waits until the locator lists every cluster, runs the workload
/// and the crash for the planned time (or until stopped), stops everything it started, and writes
/// the summary last.
/// </summary>
internal sealed class DemoRunner(DemoPlan plan, IDemoView view, TextWriter output, TimeProvider time)
{
    private static readonly TimeSpan RegistrationTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Runs to the end and writes the summary.</summary>
    /// <exception cref="IOException">The locator or a controller could not listen on loopback.</exception>
    public async Task<DemoSummary> RunAsync(CancellationToken stop)
    {
        var events = new DemoEvents(time);
        var logging = new DemoLoggerProvider(events);
        DemoSummary summary;
        await using (var fleet = await DemoFleet.StartAsync(plan, logging, stop))
        {
            summary = await RunFleetAsync(fleet, events, stop);
        }

        await output.WriteAsync(summary.Render());
        return summary;
    }

    private async Task<DemoSummary> RunFleetAsync(DemoFleet fleet, DemoEvents events, CancellationToken stop)
    {
        var stats = new WorkloadStats(plan);
        using var watchClient = new LocatorClient([fleet.LocatorUri]);
        var watch = new ClusterWatch(watchClient, events);
        var scenario = new DemoScenario(plan, fleet, watch, events);
        var run = new DemoRun(plan, fleet, watch, stats, scenario, events);
        using var background = new CancellationTokenSource();
        using var viewStop = new CancellationTokenSource();
        using var workload = new DemoWorkload(plan, fleet.LocatorUri, stats, events);

        var watching = watch.RunAsync(background.Token);
        var viewing = view.RunAsync(run, viewStop.Token);
        Task? plot = null;
        var stoppedEarly = false;
        try
        {
            // The locator has no warm-up here, so the first clients must not come before every cluster.
            foreach (var cluster in plan.Clusters)
            {
                await watch.WaitForStateAsync(cluster.Id, ClusterStates.Active, RegistrationTimeout, stop);
            }

            events.StartClock();
            workload.Start();
            plot = scenario.RunAsync(background.Token);
            await events.DelayUntilAsync(plan.Duration, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            stoppedEarly = true;
            events.Add("stopped early: finishing the sessions under way");
        }

        var ran = events.Elapsed;

        await workload.StopAsync();
        await background.CancelAsync();
        await EndAsync(plot);
        await EndAsync(watching);
        await viewStop.CancelAsync();
        await viewing;
        return new DemoSummary(run, ran, stoppedEarly);
    }

    /// <summary>Waits for a background task that was told to stop; its cancellation is the expected end.</summary>
    private static async Task EndAsync(Task? task)
    {
        if (task is null)
        {
            return;
        }

        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
