using System.Net;
using System.Net.Http.Json;
using ClusterLocator.Locator;
using ClusterLocator.Locator.Hosting;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Integration.Tests.Infrastructure;

/// <summary>
/// A real locator on Kestrel (127.0.0.1 port 0) on the system clock, for stores whose timing is
/// real I/O (etcd): a fake clock would stop the store's deadlines, heartbeats and retries.
/// Stops what it starts.
/// </summary>
internal sealed class SystemClockLocator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private SystemClockLocator(WebApplication app, LocatorOptions options)
    {
        _app = app;
        Options = options;
        BaseAddress = new Uri(app.Urls.First() + "/");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeoutExtensions.DefaultTimeoutTimeSpan };
    }

    public LocatorOptions Options { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    /// <summary>The locator's services, to reach a part a test watches or faults.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a locator on <paramref name="store"/> with a short report interval; returns once it listens (not once it is ready).</summary>
    public static async Task<SystemClockLocator> StartAsync(string store, TimeSpan reportInterval, Action<LocatorOptions>? configure = null)
    {
        var options = new LocatorOptions { Store = store, ReportInterval = reportInterval };
        options.Urls.Add("http://127.0.0.1:0");
        configure?.Invoke(options);
        var app = LocatorHost.Build(options, TimeProvider.System, new Random(1), logging => logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync().DefaultTimeout();
        return new SystemClockLocator(app, options);
    }

    public async Task RegisterAsync(string clusterId, ClusterReport report)
    {
        using var response = await Http.PutAsJsonAsync($"v1/clusters/{clusterId}", report, ProtocolJsonContext.Default.ClusterReport).DefaultTimeout();
        Assert.True(response.IsSuccessStatusCode, $"Registering '{clusterId}' at {BaseAddress} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Locates; the placement, or null with the status code when the locator refused.</summary>
    public async Task<(LocateResponse? Placement, HttpStatusCode Status, string Body)> LocateAsync(string query)
    {
        using var response = await Http.GetAsync($"v1/locate?{query}").DefaultTimeout();
        var body = await response.Content.ReadAsStringAsync();
        var placement = response.IsSuccessStatusCode ? System.Text.Json.JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.LocateResponse) : null;
        return (placement, response.StatusCode, body);
    }

    public async Task<ClusterView?> ClusterAsync(string clusterId) =>
        (await Http.GetFromJsonAsync("v1/clusters", ProtocolJsonContext.Default.ClusterList).DefaultTimeout())!
            .Clusters.SingleOrDefault(c => c.ClusterId == clusterId);

    public async Task<LocatorStatus> StatusAsync() =>
        (await Http.GetFromJsonAsync("v1/status", ProtocolJsonContext.Default.LocatorStatus).DefaultTimeout())!;

    public async Task<HttpStatusCode> ReadyzAsync()
    {
        using var response = await Http.GetAsync("readyz").DefaultTimeout();
        return response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Http.Dispose();
        await _app.StopAsync().DefaultTimeout();
        await _app.DisposeAsync();
    }
}
