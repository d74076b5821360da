using System.Diagnostics.Metrics;
using ClusterLocator.Client;
using ClusterLocator.Client.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the ClusterLocator client with dependency injection.</summary>
public static class ClusterLocatorClientServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the <see cref="LocatorClient"/> talks to locators with.</summary>
    public const string LocatorHttpClientName = "ClusterLocator.Locators";

    /// <summary>
    /// Registers one shared <see cref="LocatorClient"/>. Its options are validated when first used
    /// and, in a host, at start-up; bind them from configuration with the returned builder, for
    /// instance <c>.BindConfiguration("ClusterLocator")</c>.
    /// </summary>
    public static OptionsBuilder<LocatorClientOptions> AddClusterLocatorClient(this IServiceCollection services, Action<LocatorClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<LocatorClientOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LocatorClientOptions>, LocatorClientOptionsValidator>());

        // The LocatorClient is a singleton that keeps its HttpClient, so the handler is never
        // recycled; its pooled connections are, so a locator behind a DNS name can move.
        services.AddHttpClient(LocatorHttpClientName)
            // The TLS files' certificates live as long as the handler, which is never recycled.
            .ConfigurePrimaryHttpMessageHandler(sp => LocatorHttpHandlers.Create(sp.GetRequiredService<IOptions<LocatorClientOptions>>().Value, out _))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton(sp => new LocatorClient(
            sp.GetRequiredService<IOptions<LocatorClientOptions>>().Value,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(LocatorHttpClientName),
            TimeProvider.System,
            dialer: null,
            httpClientHasTls: true,
            new ClientTelemetry(sp.GetService<IMeterFactory>(), sp.GetService<ILoggerFactory>())));
        return options;
    }

    /// <summary>
    /// Sends this client's requests to <paramref name="service"/>: each goes to the HTTP front door of
    /// the cluster the locators choose (see <see cref="ClusterLocatorHttpHandler"/>). Give the client a
    /// placeholder base address such as <c>http://erp/</c>. Needs <see cref="AddClusterLocatorClient"/>.
    /// </summary>
    public static IHttpClientBuilder AddClusterLocator(this IHttpClientBuilder builder, string service, LocateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        _ = LocatorClient.ToRequest(service, (options ?? LocateOptions.None) with { Protocol = null });
        return builder.AddHttpMessageHandler(sp => new ClusterLocatorHttpHandler(
            sp.GetRequiredService<LocatorClient>(),
            service,
            options,
            sp.GetRequiredService<IOptions<LocatorClientOptions>>().Value.MaxAttempts));
    }
}
