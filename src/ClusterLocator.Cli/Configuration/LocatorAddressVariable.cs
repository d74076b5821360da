using Microsoft.Extensions.Configuration;

namespace ClusterLocator.Cli.Configuration;

/// <summary>
/// <c>CLUSTERLOCATOR_LOCATOR</c>: the locators' base URLs, comma-separated, for every command that
/// talks to locators when <c>--locator</c> is not given (as <c>CONSUL_HTTP_ADDR</c> serves Consul's
/// commands). A command's own variable (<c>CLUSTERLOCATOR_LOCATE__LOCATOR</c>) is more specific and wins.
/// </summary>
internal static class LocatorAddressVariable
{
    public const string Name = "CLUSTERLOCATOR_LOCATOR";

    /// <summary>The commands it serves: each has a <c>--locator</c> flag.</summary>
    public static readonly IReadOnlyList<string> Commands = ["clusters", "locate", "connect", "explain", "controller"];

    /// <summary>The layer that gives <c>--locator</c> to each of <see cref="Commands"/>; null when the variable is not set.</summary>
    public static ConfigurationLayer? Layer(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var keys = Commands.ToDictionary(command => $"{command}:locator", string? (_) => value);
        return new ConfigurationLayer(Name, new ConfigurationBuilder().AddInMemoryCollection(keys).Build());
    }

    /// <summary>The problem with one URL of the variable, naming it and the fix; null when it is a locator's base URL.</summary>
    public static string? Check(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? null
            : $"{Name} holds '{url}', which is not an http(s) URL: give the locators' base URLs separated by commas, e.g. {Name}=http://10.0.0.5:7400,http://10.0.0.6:7400.";
}
