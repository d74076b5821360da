using System.CommandLine;
using ClusterLocator.Cli.Output;
using ClusterLocator.Client;

namespace ClusterLocator.Cli.Commands;

/// <summary>
/// The flags that say how a command reaches the locators (<c>--locator</c>, <c>--locator-ca</c>,
/// <c>--tls-client-cert</c>, <c>--tls-client-key</c>), shared by <c>clusters</c>, <c>locate</c> and
/// <c>connect</c>, and the <see cref="LocatorClient"/> they make.
/// </summary>
internal sealed class LocatorFlags
{
    private static readonly OptionFlags Flags = new(new Dictionary<string, string>
    {
        ["LocatorClientOptions.Locators"] = "--locator",
        ["LocatorClientOptions.LocatorCa"] = "--locator-ca",
        ["LocatorClientOptions.TlsClientCert"] = "--tls-client-cert",
        ["LocatorClientOptions.TlsClientKey"] = "--tls-client-key",
    });

    public Option<Uri[]> Locators { get; } = CliOptions.Locators();

    public Option<FileInfo> LocatorCa { get; } = CliOptions.LocatorCa();

    public Option<FileInfo> TlsClientCert { get; } = CliOptions.TlsClientCert();

    public Option<FileInfo> TlsClientKey { get; } = CliOptions.TlsClientKey();

    /// <summary>Adds the flags to <paramref name="command"/>, first, as its help lists them.</summary>
    public void AddTo(Command command)
    {
        Option[] flags = [Locators, LocatorCa, TlsClientCert, TlsClientKey];
        for (var i = 0; i < flags.Length; i++)
        {
            command.Options.Insert(i, flags[i]);
        }
    }

    /// <summary>A client of the locators given; null with the problems, each naming its flag, when the flags do not make one.</summary>
    public LocatorClient? CreateClient(ParseResult parsed, out IReadOnlyList<string> errors)
    {
        var options = new LocatorClientOptions
        {
            LocatorCa = parsed.GetValue(LocatorCa)?.FullName,
            TlsClientCert = parsed.GetValue(TlsClientCert)?.FullName,
            TlsClientKey = parsed.GetValue(TlsClientKey)?.FullName,
        };
        foreach (var locator in parsed.GetValue(Locators) ?? [])
        {
            options.Locators.Add(locator);
        }

        try
        {
            errors = [];
            return new LocatorClient(options);
        }
        catch (ArgumentException ex)
        {
            // The SDK lists every problem, one a line, naming its properties.
            var message = ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal);
            errors = [.. Flags.Rewrite(message.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries))];
            return null;
        }
    }
}
