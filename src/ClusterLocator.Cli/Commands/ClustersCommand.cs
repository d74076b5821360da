using System.CommandLine;
using System.Text.Json;
using ClusterLocator.Cli.Output;
using ClusterLocator.Client;
using ClusterLocator.Protocol;
using ClusterLocator.Protocol.Validation;

namespace ClusterLocator.Cli.Commands;

/// <summary><c>clusterlocator clusters</c>: lists what a locator knows.</summary>
internal static class ClustersCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var locators = new LocatorFlags();
        var service = CliOptions.Service(required: false);
        var json = CliOptions.Json();
        var command = new Command("clusters", """
            List the clusters a locator knows: state, health, load and endpoints.

            Examples:
              clusterlocator clusters --locator http://127.0.0.1:7400
              clusterlocator clusters --locator http://127.0.0.1:7400 --service erp --json
            """)
        {
            service, json,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(service) is { } name && !Identifiers.IsValid(name))
            {
                result.AddError($"--service '{name}' is not a service name: use {Identifiers.Rule}.");
            }
        });
        locators.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var (created, clientErrors) = await locators.CreateClientAsync(parsed, cancellationToken);
            using var client = created;
            if (client is null)
            {
                return await UsageErrors.WriteAsync(error, "clusters", clientErrors);
            }

            ClusterList list;
            try
            {
                list = await client.GetClustersAsync(parsed.GetValue(service), cancellationToken);
            }
            catch (Exception ex) when (ex is LocatorUnavailableException or LocatorAccessDeniedException or ArgumentException)
            {
                await error.WriteLineAsync($"error: {LocatorFlags.Describe(ex)}");
                return ExitCodes.Of(ex);
            }

            if (parsed.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(list, ProtocolJsonContext.Wire.ClusterList));
            }
            else
            {
                await output.WriteAsync(ClusterTable.Render(list));
            }

            if (list.Next is not null)
            {
                // The client stops following pages at its bound, or at a cursor that does not move.
                await error.WriteLineAsync($"warning: listed {list.Clusters.Count} clusters and stopped: the locator has more after '{ReportValidator.Shorten(list.Next)}'. Narrow the list with --service.");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
