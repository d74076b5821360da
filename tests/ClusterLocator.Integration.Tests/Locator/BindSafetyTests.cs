using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Locator;

/// <summary>
/// Where the locator listens, whatever set it, and which hosts it answers for while on loopback:
/// the real executable and a real locator on loopback sockets.
/// </summary>
public sealed partial class BindSafetyTests
{
    private const string Token = "bind-token-0123456789abcdef";
    private const string EveryInterfaceOnAnyPort = "http://0.0.0.0:0";

    [Fact]
    public async Task Locator_KestrelEndpointFromEnvironmentBeyondLoopback_WithoutToken_ExitsWith2NamingTheAddressAndTheFix()
    {
        await using var locator = CliProcess.Start(["locator"], new Dictionary<string, string> { ["Kestrel__Endpoints__Any__Url"] = EveryInterfaceOnAnyPort });

        var code = await locator.WaitForExitAsync();

        Assert.True(code == 2, $"exit {code}. stderr: {locator.Stderr} stdout: {locator.Stdout}");
        Assert.Matches(@"error: The locator listens on http://0\.0\.0\.0:\d+, beyond loopback, without a controller token", locator.Stderr);
        Assert.Contains("give --controller-token-file (or CLUSTERLOCATOR_CONTROLLER_TOKEN) or --credentials, set --insecure", locator.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locator_KestrelEndpointFromAppSettingsBeyondLoopback_WithoutToken_ExitsWith2NamingTheAddress()
    {
        var directory = Directory.CreateTempSubdirectory("clusterlocator-bind-");
        try
        {
            await File.WriteAllTextAsync(
                Path.Combine(directory.FullName, "appsettings.json"),
                $$"""{ "Kestrel": { "Endpoints": { "Any": { "Url": "{{EveryInterfaceOnAnyPort}}" } } } }""");
            await using var locator = CliProcess.Start(["locator"], workingDirectory: directory.FullName);

            var code = await locator.WaitForExitAsync();

            Assert.True(code == 2, $"exit {code}. stderr: {locator.Stderr} stdout: {locator.Stdout}");
            Assert.Matches(@"The locator listens on http://0\.0\.0\.0:\d+, beyond loopback", locator.Stderr);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Locator_KestrelEndpointBeyondLoopback_WithToken_StartsWarnsAndSaysPlaintext()
    {
        await using var locator = CliProcess.Start(
            ["locator"],
            new Dictionary<string, string> { ["Kestrel__Endpoints__Any__Url"] = EveryInterfaceOnAnyPort, ["CLUSTERLOCATOR_CONTROLLER_TOKEN"] = Token });
        var port = await WaitForEveryInterfaceAsync(locator);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeoutExtensions.DefaultTimeoutTimeSpan };

        var status = await http.GetFromJsonAsync("v1/status", ProtocolJsonContext.Default.LocatorStatus).DefaultTimeout();
        using var otherHost = await SendAsync(http, HttpMethod.Get, "v1/status", "locator.example.com");

        Assert.Equal(LocatorTransports.Plaintext, status!.Transport);
        Assert.Contains($"The locator listens beyond loopback in plain HTTP on http://0.0.0.0:{port}", locator.Stdout, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, otherHost.StatusCode);
    }

    [Theory]
    [InlineData("http://loopback:7401", "loopback")]
    [InlineData("http://example.com:7401", "example.com")]
    public async Task Locator_HostNameInUrls_ExitsWith2WithTheFix(string url, string host)
    {
        var (code, _, stderr) = await CliProcess.RunAsync("locator", "--urls", url);

        Assert.Equal(2, code);
        Assert.Contains($"--urls '{url}' names the host '{host}', which the server does not look up: it would listen on every interface. Use an IP address", stderr, StringComparison.Ordinal);
        Assert.Contains("http://0.0.0.0:7401 with --controller-token-file", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_ForAnotherHost_Gets421AndRegistersNothing()
    {
        await using var locator = await TestLocator.StartAsync();

        using var put = await SendAsync(locator.Http, HttpMethod.Put, "v1/clusters/rogue", "evil.example", Reports.Create(tcp: "203.0.113.9:9000"));
        using var locate = await SendAsync(locator.Http, HttpMethod.Get, "v1/locate?service=erp", $"evil.example:{locator.BaseAddress.Port}");

        Assert.Equal(HttpStatusCode.MisdirectedRequest, put.StatusCode);
        var problem = await locator.ProblemAsync(put);
        Assert.Equal(421, problem.Status);
        Assert.Contains("not for 'evil.example'", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("--allowed-hosts", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.MisdirectedRequest, locate.StatusCode);
        Assert.Empty((await locator.ClustersAsync()).Clusters);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    public async Task Request_ForALoopbackHost_IsAnswered(string host)
    {
        await using var locator = await TestLocator.StartAsync();

        using var put = await SendAsync(locator.Http, HttpMethod.Put, "v1/clusters/alpha", $"{host}:{locator.BaseAddress.Port}", Reports.Create());
        using var locate = await SendAsync(locator.Http, HttpMethod.Get, "v1/locate?service=erp", $"{host}:{locator.BaseAddress.Port}");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, locate.StatusCode);
        Assert.Equal("alpha", Assert.Single((await locator.ClustersAsync()).Clusters).ClusterId);
    }

    [Fact]
    public async Task Locator_AllowedHosts_AdmitsAListedNameOnly()
    {
        await using var locator = CliProcess.Start(["locator", "--urls", "http://127.0.0.1:0", "--allowed-hosts", "locator.internal,other.internal"]);
        var url = await locator.WaitForListeningAsync();
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeoutExtensions.DefaultTimeoutTimeSpan };

        using var listed = await SendAsync(http, HttpMethod.Put, "v1/clusters/alpha", $"locator.internal:{url.Port}", Reports.Create());
        using var unlisted = await SendAsync(http, HttpMethod.Put, "v1/clusters/beta", $"evil.example:{url.Port}", Reports.Create());

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(HttpStatusCode.MisdirectedRequest, unlisted.StatusCode);
        var clusters = await http.GetFromJsonAsync("v1/clusters", ProtocolJsonContext.Default.ClusterList).DefaultTimeout();
        Assert.Equal("alpha", Assert.Single(clusters!.Clusters).ClusterId);
    }

    [Fact]
    public async Task Locator_AllowedHostWithAPort_ExitsWith2NamingTheFlag()
    {
        var (code, _, stderr) = await CliProcess.RunAsync("locator", "--allowed-hosts", "locator.internal:7400");

        Assert.Equal(2, code);
        Assert.Contains("--allowed-hosts 'locator.internal:7400' is not a host name or IP address", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_OnLoopback_SaysLoopback()
    {
        await using var locator = await TestLocator.StartAsync();

        var status = await locator.Http.GetFromJsonAsync("v1/status", ProtocolJsonContext.Default.LocatorStatus).DefaultTimeout();

        Assert.Equal(LocatorTransports.Loopback, status!.Transport);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string host, ClusterReport? report = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Host = host;
        if (report is not null)
        {
            request.Content = JsonContent.Create(report, ProtocolJsonContext.Default.ClusterReport);
        }

        return http.SendAsync(request).DefaultTimeout();
    }

    /// <summary>Waits until the locator logs that it listens on every interface, and returns the port.</summary>
    private static async Task<int> WaitForEveryInterfaceAsync(CliProcess locator)
    {
        Match? match = null;
        try
        {
            await Eventually.HoldsAsync(() => (match = EveryInterfaceLine().Match(locator.Stdout)).Success, "the locator to log 'Now listening on: http://0.0.0.0:PORT'");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} stderr: {locator.Stderr} stdout: {locator.Stdout}", ex);
        }

        return int.Parse(match!.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"Now listening on: http://0\.0\.0\.0:(?<port>\d+)")]
    private static partial Regex EveryInterfaceLine();
}
