using System.Globalization;
using System.Net;
using System.Text;

namespace ClusterLocator.Soak;

/// <summary>
/// Clusters with no controller: an in-process echo listener each as the front door, and a report
/// every second to a home locator (the next one when it does not answer), as a controller with
/// failover would. What the soak needs of them is that the locators handle their number.
/// </summary>
internal sealed class SimulatedClusters(IReadOnlyList<Uri> locators, string service, int count, TimeSpan interval) : IAsyncDisposable
{
    private readonly List<EchoListener> _listeners = [];
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 32 }) { Timeout = TimeSpan.FromSeconds(2) };
    private readonly string _incarnation = "sim-" + DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);

    private long _accepted;

    public long Accepted => Interlocked.Read(ref _accepted);

    public Tally Failed { get; } = new();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            _listeners.Add(new EchoListener(new IPEndPoint(IPAddress.Loopback, 0)));
        }

        await Task.WhenAll(_listeners.Select((listener, i) => ReportLoopAsync(i, listener, cancellationToken)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var listener in _listeners)
        {
            await listener.DisposeAsync();
        }

        _http.Dispose();
    }

    private async Task ReportLoopAsync(int index, EchoListener listener, CancellationToken cancellationToken)
    {
        var clusterId = $"sim-{index:D4}";
        long seq = 0;
        try
        {
            // Spread over the first interval, as controllers started at different times would be.
            await Task.Delay(interval * (index / (double)count), cancellationToken);
            using var timer = new PeriodicTimer(interval);
            do
            {
                var body = $$$"""{"service":"{{{service}}}","incarnation":"{{{_incarnation}}}","seq":{{{seq++}}},"endpoints":[{"protocol":"tcp","address":"127.0.0.1:{{{listener.EndPoint.Port}}}"}],"load":{"sessions":{{{listener.Sessions}}},"capacity":1000}}""";
                await ReportAsync(index, clusterId, body, cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task ReportAsync(int index, string clusterId, string body, CancellationToken cancellationToken)
    {
        string? last = null;
        for (var attempt = 0; attempt < locators.Count; attempt++)
        {
            var locator = locators[(index + attempt) % locators.Count];
            try
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await _http.PutAsync(new Uri(locator, $"v1/clusters/{clusterId}"), content, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref _accepted);
                    return;
                }

                last = $"status-{(int)response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                last = ex.GetType().Name;
            }
        }

        Failed.Add(last!);
    }
}
