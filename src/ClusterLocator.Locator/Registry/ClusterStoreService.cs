using Microsoft.Extensions.Hosting;

namespace ClusterLocator.Locator.Registry;

/// <summary>
/// Starts and stops the configured store when it runs work of its own (the etcd store's streams).
/// The store is chosen from the options when it is first resolved, which may be after the services
/// were added (options bound from configuration), so the choice cannot be made at registration.
/// </summary>
internal sealed class ClusterStoreService(IClusterStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        store is IHostedService running ? running.StartAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) =>
        store is IHostedService running ? running.StopAsync(cancellationToken) : Task.CompletedTask;
}
