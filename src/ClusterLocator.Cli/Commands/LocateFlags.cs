using System.CommandLine;
using ClusterLocator.Cli.Output;
using ClusterLocator.Client;
using ClusterLocator.Protocol;

namespace ClusterLocator.Cli.Commands;

/// <summary>
/// The flags of a locate (<c>--service</c>, <c>--protocol</c>, <c>--zone</c>, <c>--key</c>,
/// <c>--exclude</c>, <c>--json</c> and the locator flags), shared by <c>locate</c> and <c>explain</c>
/// so both ask the same question.
/// </summary>
internal sealed class LocateFlags
{
    public LocateFlags()
    {
        Protocol.AcceptOnlyFromAmong(Protocols.Tcp, Protocols.Http);
    }

    public Option<string> Service { get; } = CliOptions.Service(required: true);

    public Option<bool> Json { get; } = CliOptions.Json();

    public LocatorFlags Locators { get; } = new();

    public Option<string> Protocol { get; } = new("--protocol")
    {
        Description = "Only clusters offering this protocol: tcp or http. Default: the cluster's preferred one.",
    };

    public Option<string> Zone { get; } = new("--zone") { Description = "Your zone: clusters in it are preferred while one is eligible.", HelpName = "ZONE" };

    public Option<string> Key { get; } = new("--key") { Description = "An affinity key: the same key goes to the same cluster while it stays eligible.", HelpName = "KEY" };

    public Option<string[]> Exclude { get; } = new("--exclude") { Description = "A cluster id not to choose (repeatable).", HelpName = "ID" };

    /// <summary>The command <paramref name="name"/> with every flag of a locate.</summary>
    public Command CreateCommand(string name, string description)
    {
        var command = new Command(name, description) { Service, Protocol, Zone, Key, Exclude, Json };
        Locators.AddTo(command);
        return command;
    }

    /// <summary>
    /// The request the flags make and a client for the locators; when either cannot be made, the
    /// usage errors are written for <paramref name="command"/> and the exit code is returned instead.
    /// </summary>
    public async Task<(LocateRequest? Request, LocatorClient? Client, int ExitCode)> OpenAsync(ParseResult parsed, string command, TextWriter error, CancellationToken cancellationToken)
    {
        var excluded = parsed.GetValue(Exclude) ?? [];
        var request = LocateRequest.Parse(
            parsed.GetValue(Service),
            parsed.GetValue(Protocol),
            parsed.GetValue(Zone),
            excluded.Length == 0 ? null : string.Join(',', excluded),
            parsed.GetValue(Key),
            out var errors);
        if (request is null)
        {
            return (null, null, await UsageErrors.WriteAsync(error, command, errors));
        }

        var (client, clientErrors) = await Locators.CreateClientAsync(parsed, cancellationToken);
        return client is null
            ? (null, null, await UsageErrors.WriteAsync(error, command, clientErrors))
            : (request, client, ExitCodes.Success);
    }

    /// <summary>The SDK's options for <paramref name="request"/>.</summary>
    public static LocateOptions OptionsOf(LocateRequest request) =>
        new() { Protocol = request.Protocol, Zone = request.Zone, Key = request.Key, Exclude = request.Exclude };
}
