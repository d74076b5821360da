using System.Diagnostics;
using ClusterLocator.Cli.Demo.Workload;

namespace ClusterLocator.Soak;

/// <summary>
/// Times <c>GET /v1/locate</c> on each locator in turn with its own HTTP client, a few times a second:
/// the locate latency the soak reports. A locator that is down (killed by the soak) counts as
/// unreachable, not as a latency.
/// </summary>
internal sealed class LocateProbe(IReadOnlyList<Uri> locators, string service, TimeSpan every)
{
    public LatencyRecorder Latency { get; } = new();

    public Tally Other { get; } = new();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        using var timer = new PeriodicTimer(every);
        var next = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var locator = locators[next++ % locators.Count];
                var clock = Stopwatch.StartNew();
                try
                {
                    using var response = await http.GetAsync(new Uri(locator, $"v1/locate?service={service}"), cancellationToken);
                    await response.Content.ReadAsByteArrayAsync(cancellationToken);
                    if (response.IsSuccessStatusCode)
                    {
                        Latency.Add(clock.Elapsed);
                    }
                    else
                    {
                        Other.Add($"status-{(int)response.StatusCode}");
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    Other.Add("unreachable");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
