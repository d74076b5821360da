using ClusterLocator.Locator.Sharing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>
/// Runs the <see cref="EtcdPeerDirectory"/> when the store is etcd. It starts once the server has
/// bound, since the URL announced by default is the first address bound (port 0 is only known then),
/// and withdraws the announcement as soon as the host begins to stop, before requests drain. With the
/// memory store it does nothing, and no part of the etcd store is made.
/// </summary>
internal sealed partial class EtcdPeerDirectoryService(IServiceProvider services, LocatorOptions options, ILogger<EtcdPeerDirectoryService> logger)
    : IHostedLifecycleService
{
    private EtcdPeerDirectory? _directory;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (!options.IsSharedStore)
        {
            return Task.CompletedTask;
        }

        var bound = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        var advertised = AdvertisedUrl.Choose(options.AdvertiseUrl, bound);
        if (advertised is null)
        {
            Log.NothingToAdvertise(logger, bound.Count == 0 ? "no address it reports" : string.Join(", ", bound));
        }
        else
        {
            Log.Advertising(logger, advertised);
        }

        _directory = services.GetRequiredService<EtcdPeerDirectory>();
        _directory.Start(advertised);
        return Task.CompletedTask;
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => _directory?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
