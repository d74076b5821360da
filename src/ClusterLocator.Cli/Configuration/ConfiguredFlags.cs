using System.CommandLine;

namespace ClusterLocator.Cli.Configuration;

/// <summary>What configuration adds to a command line: the arguments, where each flag's came from, and the problems found.</summary>
internal sealed class ConfiguredFlags
{
    /// <summary>The arguments to parse after the command line's.</summary>
    public List<string> Arguments { get; } = [];

    /// <summary>Where each configured flag's values came from, to say so in a parse error about them.</summary>
    public Dictionary<Option, string> Sources { get; } = [];

    /// <summary>Problems with configured values, each naming where the value came from.</summary>
    public List<string> Errors { get; } = [];
}
