using System.CommandLine;
using System.Text.Json;
using ClusterLocator.Cli.Output;
using ClusterLocator.Client;
using ClusterLocator.Protocol;

namespace ClusterLocator.Cli.Commands;

/// <summary><c>clusterlocator explain</c>: which cluster a locate would choose and why, without placing.</summary>
internal static class ExplainCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var flags = new LocateFlags();
        var command = flags.CreateCommand("explain", """
            Show which cluster a locate would choose now and why, without placing a session: every
            cluster of the service with its state (eligible, excluded, no-protocol, draining, expired,
            zero-health; stale is marked), the inputs of its health, and the policy's reason. The
            chosen cluster is marked with '*'. The p2c and weighted policies draw at random, so the
            next locate may choose differently. Exits 0 even when no cluster is eligible.

            Examples:
              clusterlocator explain --locator http://127.0.0.1:7400 --service erp
              clusterlocator explain --locator http://127.0.0.1:7400 --service erp --zone eu-1 --exclude c1 --json
            """);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var (request, created, exitCode) = await flags.OpenAsync(parsed, "explain", error, cancellationToken);
            using var client = created;
            if (client is null)
            {
                return exitCode;
            }

            LocateExplanation explanation;
            try
            {
                explanation = await client.ExplainAsync(request!.Service, LocateFlags.OptionsOf(request), cancellationToken);
            }
            catch (Exception ex) when (ex is LocatorUnavailableException or LocatorAccessDeniedException or ArgumentException)
            {
                await error.WriteLineAsync($"error: {LocatorFlags.Describe(ex)}");
                return ExitCodes.Of(ex);
            }

            await output.WriteAsync(parsed.GetValue(flags.Json)
                ? JsonSerializer.Serialize(explanation, ProtocolJsonContext.Wire.LocateExplanation) + Environment.NewLine
                : ExplanationTable.Render(explanation));
            return ExitCodes.Success;
        });
        return command;
    }
}
