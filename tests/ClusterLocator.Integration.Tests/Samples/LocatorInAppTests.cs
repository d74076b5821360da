using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Samples;

/// <summary>
/// <c>samples/ClusterLocator.Samples.LocatorInApp</c>, an ASP.NET Core app hosting a locator with
/// <c>AddClusterLocator</c> and <c>MapClusterLocator</c>, run as its own process on a loopback port.
/// </summary>
public sealed class LocatorInAppTests
{
    private static readonly string SampleDirectory = typeof(LocatorInAppTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "LocatorInAppDirectory").Value!;

    private static CliProcess StartSample(params string[] args) =>
        // Its own directory is the content root, where its appsettings.json is.
        CliProcess.StartExecutable(SampleExecutable(), ["--urls", "http://127.0.0.1:0", .. args], workingDirectory: SampleDirectory);

    private static string SampleExecutable()
    {
        var executable = Path.Combine(SampleDirectory, OperatingSystem.IsWindows() ? "ClusterLocator.Samples.LocatorInApp.exe" : "ClusterLocator.Samples.LocatorInApp");
        Assert.True(File.Exists(executable), $"The sample is not built at {executable}.");
        return executable;
    }

    [Fact]
    public async Task Sample_RegisterACluster_LocateAnswersWithIt_BesideTheAppsOwnEndpoint()
    {
        // Warm-up off through configuration, as an operator would set any option of the locator.
        await using var sample = StartSample("--ClusterLocator:WarmUp", "00:00:00");
        var url = await sample.WaitForListeningAsync();
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeoutExtensions.DefaultTimeoutTimeSpan };

        using (var put = await http.PutAsJsonAsync("v1/clusters/alpha", Reports.Create(tcp: "127.0.0.1:9100"), ProtocolJsonContext.Default.ClusterReport).DefaultTimeout())
        {
            Assert.True(put.StatusCode == HttpStatusCode.OK, $"PUT answered {(int)put.StatusCode}: {await put.Content.ReadAsStringAsync()}");
        }

        using var locate = await http.GetAsync("v1/locate?service=erp").DefaultTimeout();
        var body = await locate.Content.ReadAsStringAsync();
        Assert.True(locate.StatusCode == HttpStatusCode.OK, $"Locate answered {(int)locate.StatusCode}: {body}. {sample.Stderr}");
        var placement = System.Text.Json.JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.LocateResponse)!;
        Assert.Equal("alpha", placement.ClusterId);
        Assert.Equal("127.0.0.1:9100", placement.Address);

        Assert.Equal("a locator hosted in an ASP.NET Core application", await http.GetStringAsync("about").DefaultTimeout());
        var status = await http.GetFromJsonAsync("v1/status", ProtocolJsonContext.Default.LocatorStatus).DefaultTimeout();
        Assert.Equal("best", status!.Policy);
    }

    [Fact]
    public async Task Sample_ChunkedReportOver64KiB_Returns413_ThoughTheAppKeepsKestrelsDefaultLimit()
    {
        await using var sample = StartSample("--ClusterLocator:WarmUp", "00:00:00");
        var url = await sample.WaitForListeningAsync();
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeoutExtensions.DefaultTimeoutTimeSpan };
        var body = System.Text.Encoding.UTF8.GetBytes("{\"service\":\"" + new string('x', 200 * 1024) + "\"}");
        using var request = new HttpRequestMessage(HttpMethod.Put, "v1/clusters/a") { Content = new StreamContent(new MemoryStream(body)) };
        request.Headers.TransferEncodingChunked = true;

        using var response = await http.SendAsync(request).DefaultTimeout();

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var clusters = await http.GetFromJsonAsync("v1/clusters", ProtocolJsonContext.Default.ClusterList).DefaultTimeout();
        Assert.Empty(clusters!.Clusters);
    }

    [Fact]
    public async Task Sample_AspNetCoreUrlsBeyondLoopbackWithoutToken_StopsAtStartNamingTheAddress()
    {
        await using var sample = CliProcess.StartExecutable(
            SampleExecutable(),
            [],
            new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://0.0.0.0:0" },
            workingDirectory: SampleDirectory);

        var code = await sample.WaitForExitAsync();

        Assert.NotEqual(0, code);
        Assert.Matches(@"The locator listens on http://0\.0\.0\.0:\d+, beyond loopback, without a controller token", sample.Stderr + sample.Stdout);
        Assert.Contains("give LocatorOptions.ControllerToken or LocatorOptions.CredentialsFile, set LocatorOptions.Insecure", sample.Stderr + sample.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sample_AspNetCoreUrlsBeyondLoopbackWithToken_Starts()
    {
        await using var sample = CliProcess.StartExecutable(
            SampleExecutable(),
            [],
            new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://0.0.0.0:0", ["ClusterLocator__ControllerToken"] = "sample-token-0123456789abcdef" },
            workingDirectory: SampleDirectory);

        await Eventually.HoldsAsync(() => sample.Stdout.Contains("Application started", StringComparison.Ordinal), $"the sample to start. {sample.Stderr}");

        Assert.Contains("Now listening on: http://0.0.0.0:", sample.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sample_InvalidOptions_StopsAtStartNamingTheProperty()
    {
        await using var sample = StartSample("--ClusterLocator:Lease", "00:00:00.100");

        var code = await sample.WaitForExitAsync();

        Assert.NotEqual(0, code);
        Assert.Contains("LocatorOptions.Lease 00:00:00.1000000 is shorter than the report interval", sample.Stderr + sample.Stdout, StringComparison.Ordinal);
    }
}
