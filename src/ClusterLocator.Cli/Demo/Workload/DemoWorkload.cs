using ClusterLocator.Client;

namespace ClusterLocator.Cli.Demo.Workload;

/// <summary>
/// The demo's clients: <see cref="DemoPlan.Clients"/> virtual clients sharing one SDK client, each
/// opening, using and closing sessions one after another.
/// </summary>
internal sealed class DemoWorkload : IDisposable
{
    private static readonly TimeSpan FinishTimeout = TimeSpan.FromSeconds(5);
    private readonly HttpClient _http;
    private readonly LocatorClient _client;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _aborting = new();
    private readonly List<Task> _clients = [];
    private readonly DemoPlan _plan;
    private readonly WorkloadStats _stats;
    private readonly DemoEvents _events;

    public DemoWorkload(DemoPlan plan, Uri locator, WorkloadStats stats, DemoEvents events)
    {
        _plan = plan;
        _stats = stats;
        _events = events;
        _http = new HttpClient(new LocateTimingHandler(stats.Locate, events.Time)) { Timeout = Timeout.InfiniteTimeSpan };
        var options = new LocatorClientOptions
        {
            // Each virtual client is a different user: every session is placed by the locator.
            CachePlacements = false,
        };
        options.Locators.Add(locator);
        _client = new LocatorClient(options, _http);
    }

    public void Start()
    {
        for (var i = 0; i < _plan.Clients; i++)
        {
            var client = new VirtualClient(_client, _stats, _events, new Random(Random.Shared.Next()));
            _clients.Add(Task.Run(() => client.RunAsync(_stopping.Token, _aborting.Token)));
        }
    }

    /// <summary>Lets every session under way finish (cutting those that take too long), then returns.</summary>
    public async Task StopAsync()
    {
        await _stopping.CancelAsync();
        var all = Task.WhenAll(_clients);
        if (await Task.WhenAny(all, Task.Delay(FinishTimeout, _events.Time)) != all)
        {
            await _aborting.CancelAsync();
        }

        try
        {
            await all;
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // A client stopped while waiting to start, or was cut short.
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _http.Dispose();
        _stopping.Dispose();
        _aborting.Dispose();
    }
}
