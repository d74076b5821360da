namespace ClusterLocator.Cli.Tests.Commands;

/// <summary>
/// The telemetry flags of <c>locator</c> and <c>controller</c>: a collector address that is not a URL,
/// an admin address that cannot be listened on and an unknown log format are usage errors (exit 2)
/// that name the flag and show what to give.
/// </summary>
public sealed class TelemetryFlagsTests
{
    [Fact]
    public async Task Locator_OtlpEndpointNotAUrl_Exits2NamingTheFlagAndAnExample()
    {
        var (code, stderr) = await CliRun.RunAsync("locator", "--urls", "http://127.0.0.1:0", "--otlp-endpoint", "collector:4317");

        Assert.True(code == 2, stderr);
        Assert.Contains("error: --otlp-endpoint 'collector:4317' is not an OTLP collector's address", stderr, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:4317", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Controller_OtlpEndpointAndAdminUrlInvalid_Exits2NamingBothFlags()
    {
        var (code, stderr) = await CliRun.RunAsync(
            "controller", "--cluster", "a", "--service", "erp", "--capacity", "10", "--listen", "tcp://127.0.0.1:0",
            "--member", "127.0.0.1:7001", "--locator", "http://127.0.0.1:7400",
            "--otlp-endpoint", "ftp://collector", "--admin-urls", "https://metrics.example:7402");

        Assert.True(code == 2, stderr);
        Assert.Contains("error: --otlp-endpoint 'ftp://collector' is not an OTLP collector's address", stderr, StringComparison.Ordinal);
        Assert.Contains("error: --admin-urls 'https://metrics.example:7402' is not an address to listen on: give http://IP:PORT", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locator_UnknownLogFormat_Exits2ListingTheFormats()
    {
        var (code, stderr) = await CliRun.RunAsync("locator", "--log-format", "xml");

        Assert.True(code == 2, stderr);
        Assert.Contains("xml", stderr, StringComparison.Ordinal);
        Assert.Contains("json", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_TeachesTheTelemetryFlags()
    {
        var (_, locator, _) = await CliRun.WithOutputAsync("locator", "--help");
        var (_, controller, _) = await CliRun.WithOutputAsync("controller", "--help");

        Assert.Contains("--otlp-endpoint", locator, StringComparison.Ordinal);
        Assert.Contains("--log-format", locator, StringComparison.Ordinal);
        Assert.Contains("--admin-urls", controller, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:7402", controller, StringComparison.Ordinal);
        Assert.Contains("OTEL_EXPORTER_OTLP_PROTOCOL", controller, StringComparison.Ordinal);
    }
}
