using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ClusterLocator.Locator.Hosting;

/// <summary>
/// A hosted service of the etcd store that runs only when <see cref="LocatorOptions.Store"/> names an
/// etcd store. Both stores are registered before the options are bound, so the choice is made here,
/// at start, rather than when services are added; with the memory store the etcd one is never made.
/// </summary>
internal sealed class SharedStoreOnlyService(IServiceProvider services, ServiceDescriptor etcdService) : IHostedService
{
    private IHostedService? _running;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!services.GetRequiredService<LocatorOptions>().IsSharedStore)
        {
            return Task.CompletedTask;
        }

        _running = (IHostedService)(etcdService.ImplementationInstance
            ?? etcdService.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.GetServiceOrCreateInstance(services, etcdService.ImplementationType!));
        return _running.StartAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => _running?.StopAsync(cancellationToken) ?? Task.CompletedTask;
}
