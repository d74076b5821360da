using ClusterLocator.Client;
using ClusterLocator.Yarp;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Yarp.ReverseProxy.ServiceDiscovery;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Plugs ClusterLocator into a YARP gateway.</summary>
public static class ClusterLocatorReverseProxyBuilderExtensions
{
    /// <summary>
    /// Lets a YARP cluster's destination name a service: a destination whose address is
    /// <c>http://erp</c> (one label, a valid service id) becomes one destination per eligible cluster
    /// of <c>erp</c> with an HTTP front door (<c>https://erp</c>: an https one), healthiest first,
    /// refreshed every <see cref="ClusterLocatorDestinationOptions.RefreshPeriod"/>. Other destinations
    /// are kept as configured. Replaces YARP's <see cref="IDestinationResolver"/>, of which an app has one.
    /// Registers the <see cref="LocatorClient"/> with
    /// <see cref="ClusterLocatorClientServiceCollectionExtensions.AddClusterLocatorClient"/>; configure
    /// its locators with <paramref name="configureClient"/> or by binding <see cref="LocatorClientOptions"/>.
    /// </summary>
    /// <param name="builder">The reverse proxy's builder.</param>
    /// <param name="configureClient">Sets the locators and limits, if not bound elsewhere.</param>
    /// <param name="configure">Sets how often destinations are refreshed.</param>
    /// <returns><paramref name="builder"/>, to chain.</returns>
    public static IReverseProxyBuilder AddClusterLocatorDestinations(
        this IReverseProxyBuilder builder,
        Action<LocatorClientOptions>? configureClient = null,
        Action<ClusterLocatorDestinationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddClusterLocatorClient(configureClient);
        var options = services.AddOptions<ClusterLocatorDestinationOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(
                o => o.RefreshPeriod > TimeSpan.Zero,
                $"{nameof(ClusterLocatorDestinationOptions)}.{nameof(ClusterLocatorDestinationOptions.RefreshPeriod)} must be positive: it is how often a gateway asks the locators for the clusters of its services again (5 seconds by default).")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IDestinationResolver, ClusterLocatorDestinationResolver>();
        return builder;
    }
}
