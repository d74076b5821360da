using System.CommandLine;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Cli.Commands;

/// <summary>
/// The telemetry flags of the locator and the controller (<c>--otlp-endpoint</c>, <c>--log-format</c>):
/// where their metrics, traces and logs go besides <c>/metrics</c>, and how their console logs look.
/// </summary>
internal sealed class TelemetryFlags
{
    public const string Simple = "simple";
    public const string Json = "json";

    public Option<string> OtlpEndpoint { get; } = new("--otlp-endpoint")
    {
        Description = "Also send metrics, traces and logs to this OpenTelemetry collector over OTLP/gRPC, e.g. http://127.0.0.1:4317 (for OTLP/HTTP give :4318 and set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf). Default: none, /metrics only.",
        HelpName = "URL",
    };

    public Option<string> LogFormat { get; } = new Option<string>("--log-format")
    {
        Description = "How console logs are written: 'simple' (text for people, the default) or 'json' (one JSON object per line, UTC timestamps, for a log collector).",
        HelpName = "FORMAT",
        DefaultValueFactory = _ => Simple,
    }.AcceptOnlyFromAmong(Simple, Json);

    /// <summary>The flags, to add to a command.</summary>
    public IEnumerable<Option> All => [OtlpEndpoint, LogFormat];

    /// <summary>The console logging <paramref name="parsed"/> asks for; null for the host's default (simple text).</summary>
    public Action<ILoggingBuilder>? Logging(ParseResult parsed) => parsed.GetValue(LogFormat) == Json
        ? logging => logging.AddJsonConsole(json =>
        {
            json.UseUtcTimestamp = true;
            json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        })
        : null;
}
