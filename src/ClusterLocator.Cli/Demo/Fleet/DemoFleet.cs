using ClusterLocator.Locator;
using ClusterLocator.Locator.Hosting;
using Microsoft.AspNetCore.Builder;

namespace ClusterLocator.Cli.Demo.Fleet;

/// <summary>Everything the demo runs in its one process: a locator on a loopback port and the clusters reporting to it.</summary>
internal sealed class DemoFleet : IAsyncDisposable
{
    private readonly WebApplication _locator;
    private readonly List<DemoCluster> _clusters = [];

    private DemoFleet(WebApplication locator, Uri locatorUri)
    {
        _locator = locator;
        LocatorUri = locatorUri;
    }

    /// <summary>The locator's base URL, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri LocatorUri { get; }

    public IReadOnlyList<DemoCluster> Clusters => _clusters;

    public DemoCluster this[string id] => _clusters.Single(c => c.Id == id);

    public static async Task<DemoFleet> StartAsync(DemoPlan plan, DemoLoggerProvider logging, CancellationToken cancellationToken)
    {
        var options = new LocatorOptions
        {
            ReportInterval = DemoPlan.ReportInterval,
            Lease = DemoPlan.Lease,

            // Warm-up keeps a fresh locator from flooding the first cluster to report while the others
            // are still on their way. Here every cluster registers within milliseconds of the locator
            // starting, before the first client asks, so there is nothing to wait for.
            WarmUp = TimeSpan.Zero,
        };
        options.Urls.Add("http://127.0.0.1:0");
        var locator = LocatorHost.Build(options, logging.Configure);
        try
        {
            await locator.StartAsync(cancellationToken);
        }
        catch
        {
            await locator.DisposeAsync();
            throw;
        }

        var fleet = new DemoFleet(locator, new Uri(locator.Urls.First() + "/"));
        try
        {
            foreach (var spec in plan.Clusters)
            {
                fleet._clusters.Add(await DemoCluster.StartAsync(spec, fleet.LocatorUri, logging, cancellationToken));
            }

            return fleet;
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the controllers as SIGTERM would (drain, deregister), then the members and the locator.</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_clusters.Select(c => c.DisposeAsync().AsTask()));
        await _locator.StopAsync();
        await _locator.DisposeAsync();
    }
}
