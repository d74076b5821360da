using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using ClusterLocator.Cli.Demo;
using ClusterLocator.Cli.Demo.Views;
using ClusterLocator.Cli.Output;
using Spectre.Console;

namespace ClusterLocator.Cli.Commands;

/// <summary><c>clusterlocator demo</c>: a locator, clusters and clients in one process, with a crash midway.</summary>
internal static class DemoCommand
{
    private const int DefaultClusters = 3;
    private static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(30);

    public static Command Create(TextWriter output, TextWriter error)
    {
        var duration = CliOptions.Duration("--duration", $"How long the demo runs. Default {DefaultDuration.TotalSeconds:0}s, at least {DemoPlan.MinDuration.TotalSeconds:0}s.");
        var clusters = new Option<int?>("--clusters")
        {
            Description = $"How many clusters, {DemoPlan.MinClusters} to {DemoPlan.MaxClusters}; cluster i has capacity 20·i. Default {DefaultClusters}.",
            HelpName = "N",
            CustomParser = result =>
            {
                var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : null;
                if (int.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count))
                {
                    return count;
                }

                result.AddError($"--clusters '{token}' is not a whole number: give {DemoPlan.MinClusters} to {DemoPlan.MaxClusters}.");
                return null;
            },
        };
        var noUi = new Option<bool>("--no-ui")
        {
            Description = "Print plain lines instead of the live view (also when the output is not a terminal).",
        };

        var command = new Command("demo", """
            Run a whole system on this machine, on loopback ports: a locator, clusters of different
            capacity (each a real controller in front of two echo members), and virtual clients that
            keep opening, using and closing sessions through the client SDK. At 40 % of the run one
            cluster's controller is killed; the locator expires it and the clients go elsewhere. At
            70 % it is restarted and placed again. Ends with placements per cluster against capacity,
            failed sessions and locate latency; exits 1 if any session failed. Ctrl-C ends early.

            Examples:
              clusterlocator demo
              clusterlocator demo --duration 1m --clusters 4
              clusterlocator demo --no-ui --duration 20s
            """)
        {
            duration, clusters, noUi,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var plan = DemoPlan.Create(parsed.GetValue(duration) ?? DefaultDuration, parsed.GetValue(clusters) ?? DefaultClusters, out var problems);
            if (plan is null)
            {
                return await UsageErrors.WriteAsync(error, "demo", problems);
            }

            IDemoView view = parsed.GetValue(noUi) || Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive
                ? new PlainView(output)
                : new LiveView(AnsiConsole.Console);

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, stop));
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, stop));
            try
            {
                var summary = await new DemoRunner(plan, view, output, TimeProvider.System).RunAsync(stop.Token);
                return summary.Failed == 0 ? ExitCodes.Success : ExitCodes.Failure;
            }
            catch (Exception ex) when (ex is IOException or SocketException)
            {
                await error.WriteLineAsync($"error: the demo could not start its locator or controllers on loopback: {ex.Message}");
                return ExitCodes.Failure;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                await error.WriteLineAsync("Stopped before the demo began.");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    /// <summary>The first Ctrl-C or SIGTERM ends the demo early, with its summary, instead of the process.</summary>
    private static void Stop(PosixSignalContext context, CancellationTokenSource stop)
    {
        context.Cancel = true;
        try
        {
            stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The demo is already over.
        }
    }
}
