using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ClusterLocator.Locator.Hosting;

/// <summary>
/// Runs a hosted service of the etcd store only when <see cref="LocatorOptions.Store"/> names an
/// etcd store. Both stores are registered before the options are bound, so the choice is made here,
/// at start, rather than when services are added; with the memory store the etcd one is never made.
/// </summary>
internal sealed class SharedStoreOnlyService(IServiceProvider services, object key) : IHostedService
{
    private IHostedService? _running;

    /// <summary><paramref name="service"/>, a hosted service of the etcd store, registered under <paramref name="key"/> instead.</summary>
    public static ServiceDescriptor Keyed(ServiceDescriptor service, object key) => service switch
    {
        { ImplementationInstance: { } instance } => new ServiceDescriptor(service.ServiceType, key, instance),
        { ImplementationFactory: { } factory } => new ServiceDescriptor(service.ServiceType, key, (sp, _) => factory(sp), service.Lifetime),
        _ => new ServiceDescriptor(service.ServiceType, key, service.ImplementationType!, service.Lifetime),
    };

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!services.GetRequiredService<LocatorOptions>().IsSharedStore)
        {
            return Task.CompletedTask;
        }

        _running = services.GetRequiredKeyedService<IHostedService>(key);
        return _running.StartAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => _running?.StopAsync(cancellationToken) ?? Task.CompletedTask;
}
