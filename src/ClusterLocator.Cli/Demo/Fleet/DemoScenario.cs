using ClusterLocator.Protocol;

namespace ClusterLocator.Cli.Demo.Fleet;

/// <summary>
/// The demo's plot: at 40 % of the run the victim's controller is killed; at 70 % it is started
/// again under the same cluster id, as a new incarnation on a new port.
/// </summary>
internal sealed class DemoScenario(DemoPlan plan, DemoFleet fleet, ClusterWatch watch, DemoEvents events)
{
    /// <summary>When the victim was killed, since the start; null until then.</summary>
    public TimeSpan? KilledAt { get; private set; }

    /// <summary>When its new controller was up again; null until then.</summary>
    public TimeSpan? RestartedAt { get; private set; }

    /// <summary>Whether the victim's new controller is starting.</summary>
    public bool IsRestarting { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var victim = fleet[plan.Victim];
        await events.DelayUntilAsync(plan.CrashAt, cancellationToken);
        events.Add($"{victim.Id} killed, as by SIGKILL: no drain, no deregistration, sessions cut");
        KilledAt = events.Elapsed;
        await victim.CrashAsync();

        await events.DelayUntilAsync(plan.RestartAt, cancellationToken);

        // The expiry is what the crash is meant to show: never restart before the locator shows it.
        // It comes within a lease of the kill; the wait is bounded so that a missed poll cannot stall the demo.
        await watch.WaitForStateAsync(victim.Id, ClusterStates.Expired, DemoPlan.Lease, cancellationToken);
        IsRestarting = true;
        events.Add($"{victim.Id} restarting: a new controller under the same cluster id");
        try
        {
            await victim.StartControllerAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException)
        {
            events.Add($"{victim.Id} could not restart: {ex.Message}");
            return;
        }
        finally
        {
            IsRestarting = false;
        }

        RestartedAt = events.Elapsed;
        events.Add($"{victim.Id} restarted: new incarnation listening on {victim.Address}");
    }
}
