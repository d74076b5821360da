using ClusterLocator.Locator.Api;
using ClusterLocator.Locator.Dashboard;
using ClusterLocator.Locator.Diagnostics;
using ClusterLocator.Locator.Dns;
using ClusterLocator.Locator.Fairness;
using ClusterLocator.Locator.Hosting;
using ClusterLocator.Locator.Placement;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Locator.Registry.Etcd;
using ClusterLocator.Locator.Security;
using ClusterLocator.Locator.Sharing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ClusterLocator.Locator;

/// <summary>Adds a locator to an application's services; map its endpoints with <c>MapClusterLocator</c>.</summary>
public static class ClusterLocatorServiceCollectionExtensions
{
    /// <summary>
    /// Adds the locator: its registry, placement policies, store and HTTP endpoints. The options are
    /// validated when the application starts (or when the endpoints are mapped, if sooner): a bad
    /// value stops the start with an <see cref="OptionsValidationException"/> that lists every problem.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Sets the options in code; bind them from configuration with the returned builder.</param>
    /// <returns>The options builder, for example to call <c>BindConfiguration("ClusterLocator")</c>.</returns>
    public static OptionsBuilder<LocatorOptions> AddClusterLocator(this IServiceCollection services, Action<LocatorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<LocatorOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        // Called again (by a library and by the application, say): one locator, configured by both.
        if (services.Any(service => service.ServiceType == typeof(ClusterRegistry)))
        {
            return options;
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LocatorOptions>, LocatorOptionsValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<LocatorOptions>>().Value);
        // Unless the application (or a test, with a fake clock) brings its own.
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();

        services.TryAddKeyedSingleton(PlacementPolicies.RandomKey, Random.Shared);
        services.TryAddEnumerable(
        [
            ServiceDescriptor.Singleton<IPlacementPolicy, BestHealthPolicy>(),
            ServiceDescriptor.Singleton<IPlacementPolicy, PowerOfTwoChoicesPolicy>(),
            ServiceDescriptor.Singleton<IPlacementPolicy, WeightedPolicy>(),
            ServiceDescriptor.Singleton<IPlacementPolicy, RoundRobinPolicy>(),
        ]);
        services.TryAddSingleton(sp => new ClusterSelector(PolicyNamed(sp.GetServices<IPlacementPolicy>(), sp.GetRequiredService<LocatorOptions>().Policy)));

        AddStores(services);
        services.TryAddSingleton<ClusterRegistry>();
        services.TryAddSingleton<LocatorReadiness>();
        services.TryAddSingleton<CredentialsSource>();
        services.TryAddSingleton<LocatorMetrics>();
        services.TryAddSingleton<RegistryEndpoints>();
        services.TryAddSingleton<LocateEndpoint>();
        services.TryAddSingleton<SystemEndpoints>();
        services.TryAddSingleton<ListenScope>();
        services.TryAddSingleton<LoopbackHostFilter>();
        services.AddHostedService<BoundAddressCheck>();

        // Fair placement and rate limits.
        services.TryAddSingleton<ClientCredentials>();
        services.TryAddSingleton<LocateRateLimiter>();
        services.TryAddSingleton<PlacementShare>();

        // Locate over DNS (issue 16): the decision and its counting, which GET /v1/locate shares, and
        // the DNS listener, which binds nothing unless LocatorOptions.Dns is set.
        services.TryAddSingleton<LocateDecision>();
        services.TryAddSingleton<DnsResponder>();
        services.TryAddSingleton<DnsListener>();
        services.AddHostedService(sp => sp.GetRequiredService<DnsListener>());

        // Sharing placement counts between locators: with the etcd store, the locators announced in
        // it; with the memory store, those of LocatorOptions.Peers (the validator refuses both at once).
        // An application (or a test) may register its own directory before.
        services.TryAddSingleton<LocatorInstance>();
        services.TryAddSingleton<IPeerDirectory>(sp => sp.GetRequiredService<LocatorOptions>().IsSharedStore
            ? sp.GetRequiredService<EtcdPeerDirectory>()
            : new ConfiguredPeers(sp.GetRequiredService<LocatorOptions>()));
        services.TryAddSingleton<PlacementsEndpoint>();
        services.AddHttpClient(PlacementSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .RemoveAllLoggers();
        services.AddHostedService<PlacementSender>();
        services.AddHostedService<EtcdPeerDirectoryService>();

        // Dashboard: the page at /, sampled once a second into fixed rings, streamed to the page.
        services.TryAddSingleton<LocatorMeterReader>();
        services.TryAddSingleton<DashboardSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<DashboardSampler>());
        services.TryAddSingleton<DashboardStreams>();
        services.TryAddSingleton<DashboardFrames>();
        services.TryAddSingleton<DashboardEndpoints>();
        return options;
    }

    /// <summary>
    /// Registers both stores; <see cref="LocatorOptions.Store"/> picks one when the container first
    /// needs it (options bound from configuration are only known then, after this call), and
    /// <see cref="ClusterStoreService"/> runs the one picked. With the memory store, no part of the
    /// etcd store is ever made.
    /// </summary>
    private static void AddStores(IServiceCollection services)
    {
        // Made by the container, which disposes the certificates after the store.
        services.TryAddSingleton(sp => EtcdTls.Load(sp.GetRequiredService<LocatorOptions>()));
        services.TryAddSingleton(sp =>
        {
            // The validator has checked the address.
            _ = EtcdStoreAddress.TryParse(sp.GetRequiredService<LocatorOptions>().Store, out var endpoints, out var tls, out _);
            return EtcdClients.Create(endpoints, tls ? sp.GetRequiredService<EtcdTls>() : null);
        });

        services.AddEtcdClusterStore();
        services.TryAddSingleton<IClusterStore>(sp => sp.GetRequiredService<LocatorOptions>().IsSharedStore
            ? sp.GetRequiredService<EtcdClusterStore>()
            : new MemoryClusterStore());
        services.AddHostedService<ClusterStoreService>();
    }

    /// <summary>The policy named <paramref name="name"/>; the options validator has checked the name.</summary>
    private static IPlacementPolicy PolicyNamed(IEnumerable<IPlacementPolicy> policies, string name) =>
        policies.FirstOrDefault(policy => policy.Name == name)
        ?? throw new InvalidOperationException($"No placement policy is named '{name}': use one of {string.Join(", ", PlacementPolicies.All)}.");
}
