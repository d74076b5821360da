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
        var locators = new LocatorFlags();
        var service = CliOptions.Service(required: true);
        var protocol = new Option<string>("--protocol")
        {
            Description = "Only clusters offering this protocol: tcp or http. Default: the cluster's preferred one.",
        };
        protocol.AcceptOnlyFromAmong(Protocols.Tcp, Protocols.Http);
        var zone = new Option<string>("--zone") { Description = "Your zone: clusters in it are preferred while one is eligible.", HelpName = "ZONE" };
        var key = new Option<string>("--key") { Description = "An affinity key: the same key goes to the same cluster while it stays eligible.", HelpName = "KEY" };
        var exclude = new Option<string[]>("--exclude") { Description = "A cluster id not to choose (repeatable).", HelpName = "ID" };
        var json = CliOptions.Json();

        var command = new Command("locate", """
            Ask where to open a session for a service; prints the protocol, address and cluster.
            Exits 1 with the locator's reason when no cluster is eligible.

            Examples:
              clusterlocator locate --locator http://127.0.0.1:7400 --service erp
              clusterlocator locate --locator http://a:7400 --locator http://b:7400 --service erp --protocol http --json
            """)
        {
            service, protocol, zone, key, exclude, json,
        };
        locators.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var excluded = parsed.GetValue(exclude) ?? [];
            var request = LocateRequest.Parse(
                parsed.GetValue(service),
                parsed.GetValue(protocol),
                parsed.GetValue(zone),
                excluded.Length == 0 ? null : string.Join(',', excluded),
                parsed.GetValue(key),
                out var errors);
            if (request is null)
            {
                return await UsageErrors.WriteAsync(error, "locate", errors);
            }

            var (created, clientErrors) = await locators.CreateClientAsync(parsed, cancellationToken);
            using var client = created;
            if (client is null)
            {
                return await UsageErrors.WriteAsync(error, "locate", clientErrors);
            }

            LocateResponse placement;
            try
            {
                placement = await client.LocateAsync(
                    request.Service,
                    new LocateOptions { Protocol = request.Protocol, Zone = request.Zone, Key = request.Key, Exclude = request.Exclude },
                    cancellationToken);
            }
            catch (NoEligibleClusterException ex)
            {
                await error.WriteLineAsync($"error: {TerminalText.Clean(ex.Problem!.Title)} ({ex.Problem.Status}): {TerminalText.Clean(ex.Problem.Detail)}");
                return ExitCodes.Failure;
            }
            catch (Exception ex) when (ex is LocatorUnavailableException or LocatorAccessDeniedException or ArgumentException)
            {
                // ArgumentException: a locator rejected a request this command found valid.
                await error.WriteLineAsync($"error: {LocatorFlags.Describe(ex)}");
                return ExitCodes.Failure;
            }

            await output.WriteLineAsync(parsed.GetValue(json)
                ? JsonSerializer.Serialize(placement, ProtocolJsonContext.Wire.LocateResponse)
                : TerminalText.Clean(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{placement.Protocol} {placement.Address} cluster={placement.ClusterId} health={placement.Health:0.000} ttl={placement.TtlMs}ms{(placement.Stale ? " stale" : string.Empty)}")));
            return ExitCodes.Success;
        });
        return command;
    }
}
