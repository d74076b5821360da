namespace ClusterLocator.Protocol.Diagnostics;

/// <summary>
/// The address of an OpenTelemetry collector that the locator and the controller send their metrics,
/// traces and logs to over OTLP, when one is given; one rule for both validators.
/// </summary>
internal static class OtlpEndpoint
{
    /// <summary>
    /// Why <paramref name="value"/> is not a collector's address, naming <paramref name="property"/>;
    /// null when it is one (or when none is given).
    /// </summary>
    public static string? Problem(string? value, string property) =>
        value is null || TryParse(value, out _)
            ? null
            : $"{property} '{value}' is not an OTLP collector's address: give an absolute http:// or https:// URL, for example http://127.0.0.1:4317 (OTLP/gRPC, the default) or http://127.0.0.1:4318 with OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf.";

    /// <summary>
    /// Whether the collector is spoken to in OTLP/HTTP with protobuf rather than OTLP/gRPC: as the
    /// OpenTelemetry SDKs decide, by <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>.
    /// </summary>
    public static bool HttpProtobuf => Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL") == "http/protobuf";

    /// <summary>The collector's address, when <paramref name="value"/> is an absolute http(s) URL with a host.</summary>
    public static bool TryParse(string value, out Uri endpoint)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0)
        {
            endpoint = uri;
            return true;
        }

        endpoint = null!;
        return false;
    }
}
