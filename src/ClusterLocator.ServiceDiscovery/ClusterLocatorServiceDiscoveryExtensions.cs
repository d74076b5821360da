using ClusterLocator.Client;
using ClusterLocator.ServiceDiscovery;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.ServiceDiscovery;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Plugs ClusterLocator into <c>Microsoft.Extensions.ServiceDiscovery</c>.</summary>
public static class ClusterLocatorServiceDiscoveryExtensions
{
    /// <summary>
    /// Resolves service names through the locators: an <see cref="HttpClient"/> with service discovery
    /// and a base address such as <c>http://erp</c> sends each request to the HTTP front door of the
    /// cluster a locator places <c>erp</c> on, and places it again, as <see cref="ClusterLocatorHttpHandler"/>
    /// does, when a controller cannot be reached or answers with <c>ClusterLocator-Relocate</c>.
    /// A host name is a service when it is one label that is a valid service id (<c>erp</c>, not
    /// <c>erp.example.com</c>, <c>localhost</c> or an IP address) and configuration does not list it
    /// under <c>Services</c>; other names go to the other providers. This provider is put before
    /// those <c>AddServiceDiscovery()</c> registers, whether that is called before or after. Registers the <see cref="LocatorClient"/> with
    /// <see cref="ClusterLocatorClientServiceCollectionExtensions.AddClusterLocatorClient"/>; configure
    /// its locators with <paramref name="configure"/> or by binding <see cref="LocatorClientOptions"/>.
    /// </summary>
    /// <param name="services">The services of the app.</param>
    /// <param name="configure">Sets the locators and limits, if not bound elsewhere.</param>
    /// <param name="options">Zone, key or exclusions for every placement; the protocol is always HTTP.</param>
    /// <returns><paramref name="services"/>, to chain.</returns>
    public static IServiceCollection AddClusterLocatorEndpointProvider(this IServiceCollection services, Action<LocatorClientOptions>? configure = null, LocateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var locate = options ?? LocateOptions.None;
        services.AddClusterLocatorClient(configure);
        services.TryAddSingleton(sp => new PlacementBoard(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHttpMessageHandlerBuilderFilter, RelocatingHandlerFilter>());

        // First among the providers: the pass-through provider, registered by AddServiceDiscovery(),
        // answers every name it is asked, so a provider after it never gets one.
        var provider = ServiceDescriptor.Singleton<IServiceEndpointProviderFactory>(sp => new ClusterLocatorEndpointProviderFactory(
            sp.GetRequiredService<LocatorClient>(),
            sp.GetRequiredService<PlacementBoard>(),
            sp.GetRequiredService<IOptions<LocatorClientOptions>>(),
            sp.GetRequiredService<IOptions<ConfigurationServiceEndpointProviderOptions>>(),
            sp.GetRequiredService<ILoggerFactory>(),
            locate,
            sp.GetService<IConfiguration>()));
        var first = services.Select((descriptor, index) => (descriptor, index)).FirstOrDefault(d => d.descriptor.ServiceType == typeof(IServiceEndpointProviderFactory));
        if (first.descriptor is null)
        {
            services.Add(provider);
        }
        else
        {
            services.Insert(first.index, provider);
        }

        return services;
    }
}
