using System.CommandLine;
using Microsoft.Extensions.Configuration;

namespace ClusterLocator.Cli.Configuration;

/// <summary>
/// A JSON file of flags: <c>--config FILE</c>, or <c>appsettings.json</c> in the working directory.
/// A file that is missing or is not JSON is refused with the file and the problem, before anything
/// starts; so is a <c>--config</c> file with a key that names no command or flag (a typo would
/// otherwise be ignored). <c>appsettings.json</c> may hold other keys: it may be an application's.
/// </summary>
internal static class ConfigurationFile
{
    /// <summary>The layer of <paramref name="path"/>; null with the problems when it cannot be used.</summary>
    /// <param name="path">The file.</param>
    /// <param name="source">How messages name it, e.g. <c>--config 'cli.json'</c>.</param>
    /// <param name="root">The tool's commands, whose names and flags the file's keys must be when <paramref name="strict"/>.</param>
    /// <param name="strict">Whether every key must name a command or its flag.</param>
    public static (ConfigurationLayer? Layer, IReadOnlyList<string> Errors) Load(string path, string source, RootCommand root, bool strict)
    {
        if (!File.Exists(path))
        {
            return (null, [$"{source}: it does not exist; give the path of a JSON file of flags (see 'clusterlocator --help')."]);
        }

        IConfigurationRoot configuration;
        try
        {
            configuration = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false).Build();
        }
        catch (InvalidDataException ex)
        {
            // The JSON provider wraps the parser's message, which has the line and position, twice.
            var cause = ex.GetBaseException();
            return (null, [$"{source} is not a JSON object of flags: {cause.Message}"]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, [$"{source} cannot be read: {ex.Message}"]);
        }

        var errors = new List<string>();
        foreach (var section in strict ? configuration.GetChildren() : [])
        {
            var command = root.Subcommands.FirstOrDefault(c => ConfiguredArguments.Names(c.Name).Contains(section.Key, StringComparer.OrdinalIgnoreCase));
            if (command is null)
            {
                errors.Add($"{source}: '{section.Key}' is not a command: the top-level keys are command names ({string.Join(", ", root.Subcommands.Select(c => c.Name))}).");
                continue;
            }

            foreach (var key in section.GetChildren())
            {
                if (ConfiguredArguments.OptionFor(command, key.Key) is null)
                {
                    errors.Add($"{source}: '{section.Key}:{key.Key}' is not a flag of 'clusterlocator {command.Name}': a key is a flag's name without its dashes, e.g. \"locator-timeout\" or \"LocatorTimeout\".");
                }
            }
        }

        return errors.Count > 0 ? (null, errors) : (new ConfigurationLayer(source, configuration), []);
    }
}
