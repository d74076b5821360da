using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using ClusterLocator.Cli.Configuration;

namespace ClusterLocator.Cli.Output;

/// <summary>
/// The usual help, then where else flags come from and the exit codes: System.CommandLine has no
/// epilogue of its own, so the help option's action is wrapped.
/// </summary>
internal sealed class ExitCodesHelpAction(HelpAction help) : SynchronousCommandLineAction
{
    public static readonly string Epilogue = $"""
        A flag not given comes from the variable CLUSTERLOCATOR_<COMMAND>__<FLAG>, else (--locator only)
        {LocatorAddressVariable.Name} (comma-separated URLs), else the --config file (default ./{ConfiguredArguments.DefaultFile}).

        {ExitCodes.Help}
        """;

    /// <summary>As help's own: <c>locate --help</c> shows help, not "--locator is required".</summary>
    public override bool ClearsParseErrors => help.ClearsParseErrors;

    public override int Invoke(ParseResult parseResult)
    {
        var code = help.Invoke(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(Epilogue);
        return code;
    }
}
