using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ClusterLocator.Cli.Output;
using ClusterLocator.Client;
using ClusterLocator.Protocol;

namespace ClusterLocator.Cli.Commands;

/// <summary><c>clusterlocator locate</c>: the connection request, printed.</summary>
internal static class LocateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var flags = new LocateFlags();
        var command = flags.CreateCommand("locate", """
            Ask where to open a session for a service; prints the protocol, address and cluster.
            Exits 3 with the locator's reason when no cluster is eligible, 4 when no locator answers.

            Examples:
              clusterlocator locate --locator http://127.0.0.1:7400 --service erp
              clusterlocator locate --locator http://a:7400 --locator http://b:7400 --service erp --protocol http --json
            """);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var (request, created, exitCode) = await flags.OpenAsync(parsed, "locate", error, cancellationToken);
            using var client = created;
            if (client is null)
            {
                return exitCode;
            }

            LocateResponse placement;
            try
            {
                placement = await client.LocateAsync(
                    request!.Service,
                    LocateFlags.OptionsOf(request),
                    cancellationToken);
            }
            catch (NoEligibleClusterException ex)
            {
                await error.WriteLineAsync($"error: {TerminalText.Clean(ex.Problem!.Title)} ({ex.Problem.Status}): {TerminalText.Clean(ex.Problem.Detail)}");
                return ExitCodes.NothingEligible;
            }
            catch (Exception ex) when (ex is LocatorUnavailableException or LocatorAccessDeniedException or ArgumentException)
            {
                // ArgumentException: a locator rejected a request this command found valid.
                await error.WriteLineAsync($"error: {LocatorFlags.Describe(ex)}");
                return ExitCodes.Of(ex);
            }

            await output.WriteLineAsync(parsed.GetValue(flags.Json)
                ? JsonSerializer.Serialize(placement, ProtocolJsonContext.Wire.LocateResponse)
                : TerminalText.Clean(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{placement.Protocol} {placement.Address} cluster={placement.ClusterId} health={placement.Health:0.000} ttl={placement.TtlMs}ms{(placement.Stale ? " stale" : string.Empty)}")));
            return ExitCodes.Success;
        });
        return command;
    }
}
