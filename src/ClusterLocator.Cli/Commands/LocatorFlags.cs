using System.CommandLine;
using ClusterLocator.Cli.Output;
using ClusterLocator.Client;

namespace ClusterLocator.Cli.Commands;

/// <summary>
/// The flags that say how a command reaches the locators (<c>--locator</c>, <c>--locator-ca</c>,
/// <c>--tls-client-cert</c>, <c>--tls-client-key</c>, <c>--token-file</c>, <c>--locator-timeout</c>),
/// shared by <c>clusters</c>, <c>locate</c>, <c>connect</c> and <c>explain</c>, and the
/// <see cref="LocatorClient"/> they make.
/// </summary>
internal sealed class LocatorFlags
{
    private static readonly OptionFlags Flags = new(new Dictionary<string, string>
    {
        ["LocatorClientOptions.Locators"] = "--locator",
        ["LocatorClientOptions.LocatorCa"] = "--locator-ca",
        ["LocatorClientOptions.TlsClientCert"] = "--tls-client-cert",
        ["LocatorClientOptions.TlsClientKey"] = "--tls-client-key",

        // Locate credentials.
        ["LocatorClientOptions.Token"] = "--token-file",
        ["LocatorClientOptions.LocatorTimeout"] = "--locator-timeout",
    });

    /// <summary>
    /// How long a command waits for one locator before it asks the next: longer than an
    /// application's default (2 s, made for failing over fast), because an operator at a terminal
    /// would rather wait for a busy locator than be told none answered.
    /// </summary>
    public static readonly TimeSpan DefaultLocatorTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Where the token comes from when <c>--token-file</c> is not given.</summary>
    public const string TokenVariable = "CLUSTERLOCATOR_CLIENT_TOKEN";

    public Option<Uri[]> Locators { get; } = CliOptions.Locators();

    public Option<FileInfo> LocatorCa { get; } = CliOptions.LocatorCa();

    public Option<FileInfo> TlsClientCert { get; } = CliOptions.TlsClientCert();

    public Option<FileInfo> TlsClientKey { get; } = CliOptions.TlsClientKey();

    public Option<FileInfo> TokenFile { get; } = CliOptions.File(
        "--token-file",
        $"A file holding the token for locators that require an identity (their --client-credentials), sent as 'Authorization: Bearer'; or set {TokenVariable}. Use https:// locators with it: over http:// it travels in clear.");

    public Option<TimeSpan?> LocatorTimeout { get; } = CliOptions.Duration(
        "--locator-timeout",
        $"How long to wait for one locator's answer before asking the next one given, e.g. 3s or 500ms; the command fails (exit 4) when none answered in time. Defaults to {DefaultLocatorTimeout.TotalSeconds:0}s.");

    /// <summary>Adds the flags to <paramref name="command"/>, first, as its help lists them.</summary>
    public void AddTo(Command command)
    {
        Option[] flags = [Locators, LocatorCa, TlsClientCert, TlsClientKey, TokenFile, LocatorTimeout];
        for (var i = 0; i < flags.Length; i++)
        {
            command.Options.Insert(i, flags[i]);
        }
    }

    /// <summary>
    /// A client of the locators given; null with the problems, each naming its flag, when the flags
    /// do not make one. The token file is read here, once.
    /// </summary>
    public async Task<(LocatorClient? Client, IReadOnlyList<string> Errors)> CreateClientAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var (token, tokenError) = await SecretTokenReader.ReadAsync(parsed.GetValue(TokenFile), TokenVariable, "--token-file", cancellationToken);
        if (tokenError is not null)
        {
            return (null, [tokenError]);
        }

        var options = new LocatorClientOptions
        {
            LocatorCa = parsed.GetValue(LocatorCa)?.FullName,
            TlsClientCert = parsed.GetValue(TlsClientCert)?.FullName,
            TlsClientKey = parsed.GetValue(TlsClientKey)?.FullName,
            Token = token,
            LocatorTimeout = parsed.GetValue(LocatorTimeout) ?? DefaultLocatorTimeout,
        };
        foreach (var locator in parsed.GetValue(Locators) ?? [])
        {
            options.Locators.Add(locator);
        }

        try
        {
            return (new LocatorClient(options), []);
        }
        catch (ArgumentException ex)
        {
            // The SDK lists every problem, one a line, naming its properties.
            var message = ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal);
            return (null, [.. Flags.Rewrite(message.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries))]);
        }
    }

    /// <summary>
    /// The message of an exception the client threw while talking to the locators, for a terminal:
    /// the properties it names as flags, and what came off the wire made inert.
    /// </summary>
    public static string Describe(Exception exception) => TerminalText.Clean(Flags.Rewrite(exception.Message));
}
