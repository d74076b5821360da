using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace ClusterLocator.Cli.Configuration;

/// <summary>
/// Lets every flag also come from configuration, the usual .NET way. For each flag not on the command
/// line, the first of these that sets it gives all its values:
/// <list type="number">
/// <item>environment variables <c>CLUSTERLOCATOR_{COMMAND}__{FLAG}</c> (<c>CLUSTERLOCATOR_LOCATOR__REPORTINTERVAL</c>
/// for <c>locator --report-interval</c>);</item>
/// <item><c>CLUSTERLOCATOR_LOCATOR</c>, the locators of every command with a <c>--locator</c> flag;</item>
/// <item>the JSON file of <c>--config FILE</c>, else <c>appsettings.json</c> in the working directory,
/// the key <c>Locator:ReportInterval</c> (or <c>locator:report-interval</c>).</item>
/// </list>
/// </summary>
/// <remarks>
/// Configured values are turned back into arguments and parsed with the command line, so they are
/// checked by the same parsers and their errors name the same flags, and where the value came from.
/// A flag is taken whole from one place: a list in a file is not merged with one from a variable.
/// </remarks>
internal static class ConfiguredArguments
{
    private const string EnvironmentPrefix = "CLUSTERLOCATOR_";

    /// <summary>The file read when <c>--config</c> is not given, if it exists.</summary>
    public const string DefaultFile = "appsettings.json";

    /// <summary>
    /// The places flags come from, first the one that wins; with <paramref name="configFile"/>, that
    /// file replaces <see cref="DefaultFile"/>. A file that cannot be used gives the problems instead.
    /// </summary>
    public static (IReadOnlyList<ConfigurationLayer> Layers, IReadOnlyList<string> Errors) Load(string directory, string? configFile, RootCommand root)
    {
        var layers = new List<ConfigurationLayer>
        {
            new($"the environment ({EnvironmentPrefix}…)", new ConfigurationBuilder().AddEnvironmentVariables(EnvironmentPrefix).Build()),
        };
        if (LocatorAddressVariable.Layer(Environment.GetEnvironmentVariable(LocatorAddressVariable.Name)) is { } address)
        {
            layers.Add(address);
        }

        var path = configFile ?? Path.Combine(directory, DefaultFile);
        if (configFile is not null || File.Exists(path))
        {
            var (file, errors) = ConfigurationFile.Load(path, configFile is null ? DefaultFile : $"--config '{configFile}'", root, strict: configFile is not null);
            if (file is null)
            {
                return ([], errors);
            }

            layers.Add(file);
        }

        return (layers, []);
    }

    /// <summary>
    /// The arguments that configuration adds for the flags of <paramref name="command"/> not given on
    /// the command line, where each flag's values came from, and the problems of values that no
    /// parser of the command checks (the <see cref="LocatorAddressVariable"/>'s URLs).
    /// </summary>
    public static ConfiguredFlags For(ParseResult parsed, Command command, IReadOnlyList<ConfigurationLayer> layers)
    {
        var flags = new ConfiguredFlags();
        foreach (var option in command.Options)
        {
            if (option.Name is "--help" or "-h" || parsed.GetResult(option) is { Implicit: false })
            {
                continue;
            }

            foreach (var layer in layers)
            {
                var values = ValuesOf(option, layer.Configuration.GetSection(SectionName(command.Name)));
                if (values.Count == 0)
                {
                    continue;
                }

                flags.Sources[option] = layer.Source;
                foreach (var value in values)
                {
                    if (layer.Source == LocatorAddressVariable.Name && LocatorAddressVariable.Check(value) is { } problem)
                    {
                        flags.Errors.Add(problem);
                    }
                    else if (option.ValueType == typeof(bool))
                    {
                        if (bool.TryParse(value, out var set) && set)
                        {
                            flags.Arguments.Add(option.Name);
                        }
                    }
                    else
                    {
                        flags.Arguments.Add(option.Name);
                        flags.Arguments.Add(value);
                    }
                }

                break;
            }
        }

        return flags;
    }

    /// <summary>The flag of <paramref name="command"/> that <paramref name="key"/> names, in either form; null when none.</summary>
    public static Option? OptionFor(Command command, string key) =>
        command.Options.FirstOrDefault(option => option.Name.StartsWith("--", StringComparison.Ordinal)
            && Names(option.Name.TrimStart('-')).Contains(key, StringComparer.OrdinalIgnoreCase));

    /// <summary>The keys a flag or command may be written as: <c>report-interval</c> and <c>ReportInterval</c>.</summary>
    public static string[] Names(string name) => [name, SectionName(name)];

    private static List<string> ValuesOf(Option option, IConfigurationSection commandSection)
    {
        foreach (var name in Names(option.Name.TrimStart('-')))
        {
            var key = commandSection.GetSection(name);
            var values = key.GetChildren().Select(c => c.Value).OfType<string>().ToList();
            if (values.Count == 0 && key.Value is { } single)
            {
                values = option.ValueType.IsArray ? [.. single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : [single];
            }

            if (values.Count > 0)
            {
                return values;
            }
        }

        return [];
    }

    /// <summary><c>report-interval</c> → <c>ReportInterval</c>.</summary>
    private static string SectionName(string name) =>
        string.Concat(name.Split('-').Select(part => part.Length == 0 ? part : char.ToUpper(part[0], CultureInfo.InvariantCulture) + part[1..]));
}
