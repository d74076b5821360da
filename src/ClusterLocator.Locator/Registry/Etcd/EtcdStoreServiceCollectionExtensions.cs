using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>Registers the etcd store and whatever runs it, over the <c>EtcdClient</c> the host has registered.</summary>
internal static class EtcdStoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds the etcd store as the <see cref="IClusterStore"/> and as a hosted service. Needs an
    /// <c>EtcdClient</c>, <see cref="LocatorOptions"/> and a <see cref="TimeProvider"/> in the container.
    /// </summary>
    public static IServiceCollection AddEtcdClusterStore(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<LocatorOptions>();
            return new EtcdClusterStore(
                sp.GetRequiredService<dotnet_etcd.EtcdClient>(),
                options.StorePrefix,
                options.EffectiveLease,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<EtcdClusterStore>>());
        });
        services.AddSingleton<IClusterStore>(sp => sp.GetRequiredService<EtcdClusterStore>());
        services.AddHostedService(sp => sp.GetRequiredService<EtcdClusterStore>());
        return services;
    }
}
