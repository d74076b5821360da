using System.CommandLine;
using Microsoft.Extensions.Hosting;
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

    /// <summary>
    /// The console logging <paramref name="parsed"/> asks for, and the host's systemd integration: run
    /// as a systemd service, the host tells systemd when it is ready and stopping (<c>Type=notify</c>)
    /// and writes simple logs with journald's priority prefixes; elsewhere that part does nothing.
    /// </summary>
    /// <remarks>
    /// The systemd part rides on the logging callback because that is the one hook the CLI has into
    /// the services of both hosts it builds (<see cref="ILoggingBuilder.Services"/> is the host's
    /// collection). It comes first so that <c>--log-format json</c>, configured after it, still wins.
    /// </remarks>
    public Action<ILoggingBuilder> Logging(ParseResult parsed)
    {
        var json = parsed.GetValue(LogFormat) == Json;
        return logging =>
        {
            logging.Services.AddSystemd();
            if (json)
            {
                logging.AddJsonConsole(console =>
                {
                    console.UseUtcTimestamp = true;
                    console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                });
            }
        };
    }
}
