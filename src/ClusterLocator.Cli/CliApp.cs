using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using ClusterLocator.Cli.Commands;
using ClusterLocator.Cli.Configuration;
using ClusterLocator.Cli.Output;

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

        var config = CliOptions.Config();
        root.Options.Add(config);
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new ExitCodesHelpAction((HelpAction)help.Action!);

        var parsed = root.Parse(args);
        var sources = new Dictionary<Option, string>();
        // Help and the root's own options (--version) read no configuration: a bad file must not hide them.
        if (parsed.Action is not ExitCodesHelpAction && parsed.CommandResult.Command != root)
        {
            var (layers, loadErrors) = ConfiguredArguments.Load(Directory.GetCurrentDirectory(), parsed.GetValue(config)?.ToString(), root);
            var configured = ConfiguredArguments.For(parsed, parsed.CommandResult.Command, layers);
            if (loadErrors.Count > 0 || configured.Errors.Count > 0)
            {
                return await UsageErrors.WriteAsync(error, CommandPath(parsed, root), [.. loadErrors, .. configured.Errors]);
            }

            if (configured.Arguments.Count > 0)
            {
                parsed = root.Parse([.. args, .. configured.Arguments]);
                sources = configured.Sources;
            }
        }

        if (parsed.Errors.Count > 0)
        {
            // A configured value's error says where it came from, since the user did not type it.
            return await UsageErrors.WriteAsync(
                error,
                CommandPath(parsed, root),
                parsed.Errors.Select(e => e.SymbolResult is OptionResult { Option: var option } && sources.TryGetValue(option, out var source)
                    ? $"{e.Message} (from {source})"
                    : e.Message));
        }

        // The locator's host handles SIGTERM and Ctrl-C itself and drains gracefully;
        // the parser's own handler would race it.
        var invocation = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        return await parsed.InvokeAsync(invocation);
    }

    /// <summary>What follows <c>clusterlocator</c> in the usage hint: the command, or nothing for the root.</summary>
    private static string? CommandPath(ParseResult parsed, RootCommand root) =>
        parsed.CommandResult.Command == root ? null : parsed.CommandResult.Command.Name;
}
