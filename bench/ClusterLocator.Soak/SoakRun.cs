using System.Globalization;
using ClusterLocator.Cli.Demo.Workload;

namespace ClusterLocator.Soak;

/// <summary>The driver's run: simulated clusters first, then clients and the probe for the duration.</summary>
internal static class SoakRun
{
    public static async Task<int> RunAsync(IReadOnlyList<Uri> locators, string service, int clusters, int clients, TimeSpan duration, TimeSpan think, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var simulated = new SimulatedClusters(locators, service, clusters, TimeSpan.FromSeconds(1));
        var reporting = simulated.RunAsync(stop.Token);

        // One report interval and a little: every simulated cluster has reported before a client asks.
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var sessions = new SoakClients(locators, service, clients, think);
        var probe = new LocateProbe(locators, service, TimeSpan.FromMilliseconds(50));
        using var clientsStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        clientsStop.CancelAfter(duration);
        var running = Task.WhenAll(sessions.RunAsync(clientsStop.Token), probe.RunAsync(clientsStop.Token));
        while (await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(10), CancellationToken.None)) != running)
        {
            await Console.Error.WriteLineAsync(Invariant($"soak: {sessions.Succeeded} sessions, {sessions.Failed.Total} failed set-ups, {simulated.Accepted} reports accepted, {simulated.Failed.Total} failed"));
        }

        await running;
        await stop.CancelAsync();
        await reporting;

        Console.WriteLine(Invariant($"sessions={sessions.Succeeded} failed_setups={sessions.Failed.Total} failed_reasons={sessions.Failed}"));
        Console.WriteLine(Invariant($"setup_p50_ms={(sessions.SetUp.Percentile(50) ?? 0):0.00} setup_p99_ms={(sessions.SetUp.Percentile(99) ?? 0):0.00}"));
        Console.WriteLine(Invariant($"locate_samples={probe.Latency.Count} locate_p50_ms={(probe.Latency.Percentile(50) ?? 0):0.00} locate_p99_ms={(probe.Latency.Percentile(99) ?? 0):0.00} locate_max_ms={(probe.Latency.Percentile(100) ?? 0):0.00} probe_other={probe.Other}"));
        Console.WriteLine(Invariant($"reports_accepted={simulated.Accepted} reports_failed={simulated.Failed.Total} report_failures={simulated.Failed}"));
        return sessions.Failed.Total == 0 ? 0 : 1;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
