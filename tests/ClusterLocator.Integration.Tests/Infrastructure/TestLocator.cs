using System.Net.Http.Json;
using ClusterLocator.Locator;
using ClusterLocator.Locator.Hosting;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Integration.Tests.Infrastructure;

/// <summary>
/// A real locator on Kestrel, listening on 127.0.0.1 port 0, with a fake clock for leases and warm-up
/// (the sockets and HTTP stay real). Stops what it starts.
/// </summary>
internal sealed class TestLocator : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestLocator(WebApplication app, FakeTimeProvider time, LocatorOptions options, HttpMessageHandler? handler)
    {
        _app = app;
        Time = time;
        Options = options;
        var address = app.Urls.First();
        BaseAddress = new Uri(address + "/");
        Http = new HttpClient(handler ?? new SocketsHttpHandler()) { BaseAddress = BaseAddress, Timeout = TimeoutExtensions.DefaultTimeoutTimeSpan };
    }

    public FakeTimeProvider Time { get; }

    public LocatorOptions Options { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    /// <summary>
    /// Starts a locator; by default without warm-up, so tests can locate at once. <see cref="Http"/>
    /// talks to it through <paramref name="handler"/> when given (one that trusts an https:// locator's CA).
    /// </summary>
    public static async Task<TestLocator> StartAsync(Action<LocatorOptions>? configure = null, int seed = 42, HttpMessageHandler? handler = null)
    {
        var options = new LocatorOptions { WarmUp = TimeSpan.Zero };
        options.Urls.Add("http://127.0.0.1:0");
        configure?.Invoke(options);
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var app = LocatorHost.Build(options, time, new Random(seed), logging => logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync().DefaultTimeout();
        return new TestLocator(app, time, options, handler);
    }

    public Task<HttpResponseMessage> ReportAsync(string clusterId, ClusterReport report, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"v1/clusters/{clusterId}")
        {
            Content = JsonContent.Create(report, ProtocolJsonContext.Default.ClusterReport),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return Http.SendAsync(request).DefaultTimeout();
    }

    public async Task RegisterAsync(string clusterId, ClusterReport report, string? token = null)
    {
        using var response = await ReportAsync(clusterId, report, token);
        Assert.True(response.IsSuccessStatusCode, $"Registering '{clusterId}' answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public Task<HttpResponseMessage> LocateAsync(string query) => Http.GetAsync($"v1/locate?{query}").DefaultTimeout();

    public async Task<LocateResponse> LocateOkAsync(string query)
    {
        using var response = await LocateAsync(query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Locate '{query}' answered {(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.LocateResponse)!;
    }

    public async Task<Problem> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(Problem.ContentType, response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.Problem))!;
    }

    public async Task<ClusterList> ClustersAsync() =>
        (await Http.GetFromJsonAsync("v1/clusters", ProtocolJsonContext.Default.ClusterList).DefaultTimeout())!;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync().DefaultTimeout();
        await _app.DisposeAsync();
    }
}
