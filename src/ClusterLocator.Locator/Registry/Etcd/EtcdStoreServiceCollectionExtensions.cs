using ClusterLocator.Locator.Hosting;
using ClusterLocator.Protocol.Supervision;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>Registers the etcd store and whatever runs it, over the <c>EtcdClient</c> the host has registered.</summary>
internal static class EtcdStoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds the etcd store and its parts, and the <see cref="EtcdPeerDirectory"/> that runs beside it. The caller makes it the <see cref="IClusterStore"/> and runs
    /// it (it is an <c>IHostedService</c>) when the options name an etcd store. Needs an <c>EtcdClient</c>, <see cref="LocatorOptions"/>, a <see cref="TimeProvider"/> and
    /// logging in the container, which owns the client and disposes it.
    /// </summary>
    public static IServiceCollection AddEtcdClusterStore(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<LocatorOptions>();
            return new EtcdStoreSettings(options.StorePrefix, options.EffectiveLease);
        });
        services.AddSingleton<EtcdClusterRecords>();
        services.AddSingleton<EtcdConnectivity>();
        services.AddSingleton<EtcdChangeProjection>();
        services.AddSingleton<EtcdProbe>();

        // Readiness asks it whichever store runs, so it is there with the memory store too.
        services.TryAddSingleton<SupervisedTasks>();
        services.TryAddSingleton(sp => new TaskSupervisor(sp.GetRequiredService<SupervisedTasks>(), sp.GetRequiredService<TimeProvider>(), TaskSupervisor.DefaultBackoffs(Random.Shared)));

        // The backoffs jitter on the shared random source, which is safe to call from every loop.
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<EtcdDocumentWriter>(sp, Random.Shared));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<EtcdLeaseKeeper>(sp, Random.Shared));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<EtcdPrefixWatcher>(sp, Random.Shared, sp.GetRequiredService<EtcdChangeProjection>()));
        services.AddSingleton<EtcdClusterStore>();

        // The locators sharing the registry find each other under {prefix}locators/.
        services.AddSingleton<EtcdPeerProjection>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<EtcdPeerAnnouncement>(sp, Random.Shared));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<EtcdPeerDirectory>(
            sp,
            ActivatorUtilities.CreateInstance<EtcdPrefixWatcher>(sp, Random.Shared, sp.GetRequiredService<EtcdPeerProjection>())));
        return services;
    }
}
