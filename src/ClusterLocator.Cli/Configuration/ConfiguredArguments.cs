using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace ClusterLocator.Cli.Configuration;

/// <summary>
/// Lets every flag also come from configuration, the usual .NET way: <c>appsettings.json</c> in the
/// working directory, then environment variables <c>CLUSTERLOCATOR_…</c>. The flag <c>--report-interval</c>
/// of <c>locator</c> is the key <c>Locator:ReportInterval</c>, or the variable
/// <c>CLUSTERLOCATOR_LOCATOR__REPORTINTERVAL</c>. A flag on the command line wins.
/// </summary>
/// <remarks>
/// Configured values are turned back into arguments and parsed with the command line, so they are
/// checked by the same parsers and their errors name the same flags.
/// </remarks>
internal static class ConfiguredArguments
{
    private const string EnvironmentPrefix = "CLUSTERLOCATOR_";

    public static IConfiguration Load(string directory) => new ConfigurationBuilder()
        .SetBasePath(directory)
        .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
        .AddEnvironmentVariables(EnvironmentPrefix)
        .Build();

    /// <summary>The arguments that configuration adds for the flags of <paramref name="command"/> not given on the command line.</summary>
    public static IReadOnlyList<string> For(ParseResult parsed, Command command, IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName(command.Name));
        var extra = new List<string>();
        foreach (var option in command.Options)
        {
            if (option.Name is "--help" or "-h" || parsed.GetResult(option) is { Implicit: false })
            {
                continue;
            }

            var key = section.GetSection(SectionName(option.Name.TrimStart('-')));
            var values = key.GetChildren().Select(c => c.Value).OfType<string>().ToList();
            if (values.Count == 0 && key.Value is { } single)
            {
                values = option.ValueType.IsArray ? [.. single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : [single];
            }

            foreach (var value in values)
            {
                if (option.ValueType == typeof(bool))
                {
                    if (bool.TryParse(value, out var flag) && flag)
                    {
                        extra.Add(option.Name);
                    }
                }
                else
                {
                    extra.Add(option.Name);
                    extra.Add(value);
                }
            }
        }

        return extra;
    }

    /// <summary><c>report-interval</c> → <c>ReportInterval</c>.</summary>
    private static string SectionName(string name) =>
        string.Concat(name.Split('-').Select(part => part.Length == 0 ? part : char.ToUpper(part[0], CultureInfo.InvariantCulture) + part[1..]));
}
