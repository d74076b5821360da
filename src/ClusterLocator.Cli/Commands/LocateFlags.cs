using System.CommandLine;
using ClusterLocator.Client;
using ClusterLocator.Protocol;

namespace ClusterLocator.Cli.Commands;

/// <summary>
/// What a locate asks beyond its service (<c>--protocol</c>, <c>--zone</c>, <c>--key</c>,
/// <c>--exclude</c>), shared by <c>locate</c> and <c>explain</c> so both ask the same question.
/// </summary>
internal sealed class LocateFlags
{
    public LocateFlags()
    {
        Protocol.AcceptOnlyFromAmong(Protocols.Tcp, Protocols.Http);
    }

    public Option<string> Protocol { get; } = new("--protocol")
    {
        Description = "Only clusters offering this protocol: tcp or http. Default: the cluster's preferred one.",
    };

    public Option<string> Zone { get; } = new("--zone") { Description = "Your zone: clusters in it are preferred while one is eligible.", HelpName = "ZONE" };

    public Option<string> Key { get; } = new("--key") { Description = "An affinity key: the same key goes to the same cluster while it stays eligible.", HelpName = "KEY" };

    public Option<string[]> Exclude { get; } = new("--exclude") { Description = "A cluster id not to choose (repeatable).", HelpName = "ID" };

    public void AddTo(Command command)
    {
        command.Options.Add(Protocol);
        command.Options.Add(Zone);
        command.Options.Add(Key);
        command.Options.Add(Exclude);
    }

    /// <summary>The request the flags and <paramref name="service"/> make, or null with every error.</summary>
    public LocateRequest? Parse(ParseResult parsed, Option<string> service, out IReadOnlyList<string> errors)
    {
        var excluded = parsed.GetValue(Exclude) ?? [];
        return LocateRequest.Parse(
            parsed.GetValue(service),
            parsed.GetValue(Protocol),
            parsed.GetValue(Zone),
            excluded.Length == 0 ? null : string.Join(',', excluded),
            parsed.GetValue(Key),
            out errors);
    }

    /// <summary>The SDK's options for <paramref name="request"/>.</summary>
    public static LocateOptions OptionsOf(LocateRequest request) =>
        new() { Protocol = request.Protocol, Zone = request.Zone, Key = request.Key, Exclude = request.Exclude };
}
