using System.Net;
using System.Net.Http.Json;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Cli;

/// <summary>The real executable, as a user runs it: flags, exit codes, output, signals.</summary>
public sealed class CliEndToEndTests
{
    [Fact]
    public async Task Locator_RegisterLocateAndList_ThroughTheCli()
    {
        // A long lease: three CLI processes start before the last check, which takes seconds on a busy machine.
        await using var locator = CliProcess.Start(["locator", "--urls", "http://127.0.0.1:0", "--warm-up", "0s", "--report-interval", "10s"]);
        var url = await locator.WaitForListeningAsync();
        using var http = new HttpClient { BaseAddress = url };
        using (var put = await http.PutAsJsonAsync("v1/clusters/alpha", Reports.Create(tcp: "127.0.0.1:9100"), ProtocolJsonContext.Default.ClusterReport).DefaultTimeout())
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var (code, stdout, stderr) = await CliProcess.RunAsync("locate", "--locator", url.ToString(), "--service", "erp");
        Assert.True(code == 0, stderr);
        Assert.StartsWith("tcp 127.0.0.1:9100 cluster=alpha", stdout, StringComparison.Ordinal);

        var json = await CliProcess.RunAsync("locate", "--locator", url.ToString(), "--service", "erp", "--json");
        Assert.Equal(0, json.ExitCode);
        Assert.Equal("alpha", System.Text.Json.JsonSerializer.Deserialize(json.Stdout, ProtocolJsonContext.Default.LocateResponse)!.ClusterId);

        var table = await CliProcess.RunAsync("clusters", "--locator", url.ToString());
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("CLUSTER", table.Stdout, StringComparison.Ordinal);
        // Two sessions were placed since the report: 0.998 = 1 − 2/1000.
        Assert.Matches(@"alpha\s+erp\s+active\s+0\.998\s+0\s+1000\s", table.Stdout);
    }

    [Fact]
    public async Task Locator_Sigterm_StopsCleanlyWithExitCode0()
    {
        await using var locator = CliProcess.Start(["locator", "--urls", "http://127.0.0.1:0"]);
        await locator.WaitForListeningAsync();

        locator.Terminate();

        Assert.Equal(0, await locator.WaitForExitAsync());
        Assert.Contains("Application is shutting down", locator.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locate_NothingEligible_Exits3WithTheReason()
    {
        await using var locator = CliProcess.Start(["locator", "--urls", "http://127.0.0.1:0", "--warm-up", "0s"]);
        var url = await locator.WaitForListeningAsync();
        await FirstLocateAsync(url);

        var (code, _, stderr) = await CliProcess.RunAsync("locate", "--locator", url.ToString(), "--service", "erp");

        Assert.Equal(3, code);
        Assert.Contains("No cluster of service 'erp' is registered", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locate_FirstLocatorDown_FailsOverToTheNext()
    {
        // A long lease: the one report must outlive a locator's and a CLI's start-up on a busy machine.
        await using var locator = CliProcess.Start(["locator", "--urls", "http://127.0.0.1:0", "--warm-up", "0s", "--report-interval", "10s"]);
        var url = await locator.WaitForListeningAsync();
        using var http = new HttpClient { BaseAddress = url };
        using (await http.PutAsJsonAsync("v1/clusters/alpha", Reports.Create(), ProtocolJsonContext.Default.ClusterReport).DefaultTimeout())
        {
        }

        await FirstLocateAsync(url);
        var dead = $"http://127.0.0.1:{FreePort()}";
        var (code, stdout, stderr) = await CliProcess.RunAsync("locate", "--locator", dead, "--locator", url.ToString(), "--service", "erp");

        Assert.True(code == 0, stderr);
        Assert.Contains("cluster=alpha", stdout, StringComparison.Ordinal);
    }

    /// <summary>
    /// Has a new locator process answer its first locate, which pays for its start-up (seconds on a
    /// starved machine), so that the CLI's 2 s per-locator timeout measures only the CLI's request.
    /// </summary>
    private static async Task FirstLocateAsync(Uri locator)
    {
        using var http = new HttpClient { BaseAddress = locator, Timeout = TimeoutExtensions.DefaultTimeoutTimeSpan };
        using var response = await http.GetAsync("v1/locate?service=erp").DefaultTimeout();
    }

    [Fact]
    public async Task Locate_NoLocatorReachable_ExitsWith4NamingEachLocator()
    {
        var dead = $"http://127.0.0.1:{FreePort()}";

        var (code, _, stderr) = await CliProcess.RunAsync("locate", "--locator", dead, "--service", "erp");

        Assert.Equal(4, code);
        Assert.Contains(dead, stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "locator", "--policy", "fastest" }, "fastest")]
    [InlineData(new[] { "locator", "--report-interval", "soon" }, "--report-interval 'soon' is not a duration")]
    [InlineData(new[] { "locator", "--urls", "http://0.0.0.0:0" }, "without a controller token")]
    [InlineData(new[] { "locator", "--urls", "http://127.0.0.1:0", "--credentials", "/nonexistent/credentials.json" }, "--credentials '/nonexistent/credentials.json': it does not exist")]
    [InlineData(new[] { "locator", "--lease", "100ms" }, "shorter than the report interval")]
    [InlineData(new[] { "locator", "--controller-token-file", "/nonexistent/token" }, "does not exist")]
    [InlineData(new[] { "locate", "--service", "erp" }, "--locator")]
    [InlineData(new[] { "locate", "--locator", "ftp://x", "--service", "erp" }, "is not an http(s) URL")]
    [InlineData(new[] { "locate", "--locator", "http://127.0.0.1:1", "--service", "no such" }, "'service' is 'no such'")]
    [InlineData(new[] { "nonsense" }, "nonsense")]
    public async Task BadUsage_ExitsWith2_SayingWhatAndPointingToHelp(string[] args, string expected)
    {
        var (code, _, stderr) = await CliProcess.RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.Contains("--help", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locator_SettingsFromEnvironment_AreUsed()
    {
        await using var locator = CliProcess.Start(
            ["locator", "--urls", "http://127.0.0.1:0"],
            new Dictionary<string, string> { ["CLUSTERLOCATOR_LOCATOR__POLICY"] = "weighted", ["CLUSTERLOCATOR_LOCATOR__REPORTINTERVAL"] = "2s" });
        var url = await locator.WaitForListeningAsync();
        using var http = new HttpClient { BaseAddress = url };

        var status = await http.GetFromJsonAsync("v1/status", ProtocolJsonContext.Default.LocatorStatus).DefaultTimeout();

        Assert.Equal("weighted", status!.Policy);
        Assert.Equal(2000, status.ReportIntervalMs);
        Assert.Equal(6000, status.LeaseMs);
    }

    [Fact]
    public async Task Locator_TokenFromEnvironment_GuardsRegistration()
    {
        const string token = "env-token-0123456789abcdef";
        await using var locator = CliProcess.Start(
            ["locator", "--urls", "http://127.0.0.1:0"],
            new Dictionary<string, string> { ["CLUSTERLOCATOR_CONTROLLER_TOKEN"] = token });
        var url = await locator.WaitForListeningAsync();
        using var http = new HttpClient { BaseAddress = url };

        using var anonymous = await http.PutAsJsonAsync("v1/clusters/a", Reports.Create(), ProtocolJsonContext.Default.ClusterReport).DefaultTimeout();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var authorized = await http.PutAsJsonAsync("v1/clusters/a", Reports.Create(), ProtocolJsonContext.Default.ClusterReport).DefaultTimeout();

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
        Assert.DoesNotContain(token, locator.Stdout + locator.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locator_PortInUse_ExitsWith1AndSaysSo()
    {
        await using var first = CliProcess.Start(["locator", "--urls", "http://127.0.0.1:0"]);
        var url = await first.WaitForListeningAsync();

        await using var second = CliProcess.Start(["locator", "--urls", url.GetLeftPart(UriPartial.Authority)]);
        var code = await second.WaitForExitAsync();

        Assert.Equal(1, code);
        Assert.Contains("could not listen", second.Stderr, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
