using System.CommandLine;
using ClusterLocator.Cli.Commands;
using ClusterLocator.Cli.Configuration;

namespace ClusterLocator.Cli;

/// <summary>The <c>clusterlocator</c> tool: parses, merges configuration, and runs one command.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand(
            """
            ClusterLocator: clients ask a locator where to open a session, and it answers with the
            controller of the healthiest cluster. Start a locator, point controllers at it, then locate.
            """);
        root.Subcommands.Add(LocatorCommand.Create(error));
        root.Subcommands.Add(ControllerCommand.Create(error));
        root.Subcommands.Add(ClustersCommand.Create(output, error));
        root.Subcommands.Add(LocateCommand.Create(output, error));
        root.Subcommands.Add(ExplainCommand.Create(output, error));
        root.Subcommands.Add(DemoCommand.Create(output, error));
        root.Subcommands.Add(ConnectCommand.Create(error));
        root.Subcommands.Add(SimulateCommand.Create(output, error));

        var parsed = root.Parse(args);
        var extra = ConfiguredArguments.For(parsed, parsed.CommandResult.Command, ConfiguredArguments.Load(Directory.GetCurrentDirectory()));
        if (extra.Count > 0)
        {
            parsed = root.Parse([.. args, .. extra]);
        }

        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                await error.WriteLineAsync($"error: {parseError.Message}");
            }

            var name = parsed.CommandResult.Command == root ? "clusterlocator" : $"clusterlocator {parsed.CommandResult.Command.Name}";
            await error.WriteLineAsync($"Run '{name} --help' for usage.");
            return ExitCodes.Usage;
        }

        // The locator's host handles SIGTERM and Ctrl-C itself and drains gracefully;
        // the parser's own handler would race it.
        var invocation = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        return await parsed.InvokeAsync(invocation);
    }
}
