using System.CommandLine;
using System.CommandLine.Parsing;

namespace ClusterLocator.Cli;

/// <summary>Options that several commands share, each parsed and checked the same way.</summary>
internal static class CliOptions
{
    /// <summary>
    /// A duration such as <c>1s</c>; one that does not parse is a usage error naming the option. Only
    /// the syntax is checked here: whether a value is in range is the options validator's call, so the
    /// CLI and an embedding application get the same rule.
    /// </summary>
    public static Option<TimeSpan?> Duration(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "DURATION",
        CustomParser = result =>
        {
            var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : null;
            if (Durations.TryParse(token, out var value))
            {
                return value;
            }

            result.AddError($"{name} '{token}' is not a duration: use {Durations.Help}.");
            return null;
        },
    };

    /// <summary>An option naming a file, shown as <c>FILE</c> in help; the command reads and checks the file.</summary>
    public static Option<FileInfo> File(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "FILE",
    };

    /// <summary><c>--locator URL</c>, repeatable: the locators to ask, in order.</summary>
    public static Option<Uri[]> Locators() => new("--locator")
    {
        Description = "A locator's base URL, e.g. http://127.0.0.1:7400. Repeat it to fail over to the next locator. Default: CLUSTERLOCATOR_LOCATOR, comma-separated URLs.",
        HelpName = "URL",
        Required = true,
        AllowMultipleArgumentsPerToken = false,
        CustomParser = result =>
        {
            var urls = new List<Uri>();
            foreach (var token in result.Tokens)
            {
                if (Uri.TryCreate(token.Value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                {
                    urls.Add(uri);
                }
                else
                {
                    result.AddError($"--locator '{token.Value}' is not an http(s) URL: use a base URL such as http://127.0.0.1:7400.");
                }
            }

            return [.. urls];
        },
    };

    /// <summary><c>--config FILE</c>, on every command: a JSON file of flags, read before the command runs.</summary>
    public static Option<FileInfo> Config() => new("--config")
    {
        Description = "A JSON file of flags, one object per command, keys the flags' names: { \"locate\": { \"locator\": [\"http://10.0.0.5:7400\"], \"locator-timeout\": \"3s\" } }. Flags given and variables win over it. Default: ./appsettings.json if it exists.",
        HelpName = "FILE",
        Recursive = true,
    };

    /// <summary><c>--json</c>: print the contract's JSON instead of text.</summary>
    public static Option<bool> Json() => new("--json")
    {
        Description = "Print the answer as JSON (the wire contract v1) instead of text.",
    };

    /// <summary><c>--service NAME</c>.</summary>
    public static Option<string> Service(bool required) => new("--service")
    {
        Description = required ? "The service to locate." : "Only clusters of this service.",
        HelpName = "NAME",
        Required = required,
    };

    /// <summary><c>--locator-ca FILE</c>: trust this CA for <c>https://</c> locators instead of the system store.</summary>
    public static Option<FileInfo> LocatorCa() => File("--locator-ca", "With https:// locators: a PEM file of the CA certificate(s) that issued their certificates, trusted instead of the system's trust store (the host name is still checked).");

    /// <summary><c>--tls-client-cert FILE</c>: the client certificate presented to <c>https://</c> locators.</summary>
    public static Option<FileInfo> TlsClientCert() => File("--tls-client-cert", "With https:// locators: the PEM client certificate to present to them; give --tls-client-key too.");

    /// <summary><c>--tls-client-key FILE</c>: the unencrypted private key of <c>--tls-client-cert</c>.</summary>
    public static Option<FileInfo> TlsClientKey() => File("--tls-client-key", "The PEM file of --tls-client-cert's private key, unencrypted; readable by your user only.");
}
