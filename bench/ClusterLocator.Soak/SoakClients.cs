using System.Diagnostics;
using ClusterLocator.Cli.Demo.Workload;
using ClusterLocator.Client;

namespace ClusterLocator.Soak;

/// <summary>
/// Clients that open sessions through the SDK in a loop: <see cref="LocatorClient.ConnectTcpAsync"/>
/// with every locator, a few bytes sent and echoed back, close, think. A session set-up fails when
/// the SDK throws or the bytes do not come back whole within 5 s.
/// </summary>
internal sealed class SoakClients(IReadOnlyList<Uri> locators, string service, int count, TimeSpan think)
{
    private long _succeeded;

    public long Succeeded => Interlocked.Read(ref _succeeded);

    public Tally Failed { get; } = new();

    public LatencyRecorder SetUp { get; } = new();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // One HTTP connection pool for all, as many clients in one process share one; each client
        // keeps its own placements.
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { Timeout = Timeout.InfiniteTimeSpan };
        var start = DateTime.UtcNow;
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => ClientLoopAsync(i, http, start, cancellationToken)));
    }

    private async Task ClientLoopAsync(int index, HttpClient http, DateTime start, CancellationToken cancellationToken)
    {
        var options = new LocatorClientOptions();
        foreach (var locator in locators.Skip(index % locators.Count).Concat(locators.Take(index % locators.Count)))
        {
            options.Locators.Add(locator);
        }

        using var client = new LocatorClient(options, http);
        var random = new Random(index);
        var payload = new byte[32];
        var echoed = new byte[32];
        try
        {
            // Clients arrive over the first ten seconds, as they would at a service's start, rather than
            // all in the same millisecond at locators and controllers that have not run a request yet.
            await Task.Delay(TimeSpan.FromSeconds(10) * (index / (double)count) + think * random.NextDouble(), cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                random.NextBytes(payload);
                var clock = Stopwatch.StartNew();
                var phase = "connect";
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(TimeSpan.FromSeconds(5));
                    await using var session = await client.ConnectTcpAsync(service, cancellationToken: timeout.Token);
                    phase = "echo";
                    await session.Stream.WriteAsync(payload, timeout.Token);
                    await session.Stream.ReadExactlyAsync(echoed, timeout.Token);
                    if (!payload.AsSpan().SequenceEqual(echoed))
                    {
                        Failed.Add("echo-mismatch");
                    }
                    else
                    {
                        SetUp.Add(clock.Elapsed);
                        Interlocked.Increment(ref _succeeded);
                    }
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // When, so that a failure can be set against the kills in the soak's events.
                    Failed.Add($"{phase}:{ex.GetType().Name}@{(int)(DateTime.UtcNow - start).TotalSeconds}s");
                }

                await Task.Delay(think * (0.5 + random.NextDouble()), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
