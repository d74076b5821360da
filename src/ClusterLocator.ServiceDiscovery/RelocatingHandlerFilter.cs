using ClusterLocator.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClusterLocator.ServiceDiscovery;

/// <summary>
/// Adds the <see cref="RelocatingHandler"/> to every client of the factory, after the client's own
/// configuration: a filter runs its additions after the handlers added with
/// <c>AddServiceDiscovery()</c> (whether on one client or in <c>ConfigureHttpClientDefaults</c>), so
/// it always sees the rewritten request, with no call order for the user to get right. The
/// <see cref="LocatorClient"/> is resolved late: it is built from this same factory.
/// </summary>
internal sealed class RelocatingHandlerFilter(IServiceProvider services, PlacementBoard board, IOptions<LocatorClientOptions> options, ILoggerFactory loggers) : IHttpMessageHandlerBuilderFilter
{
    public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next) => builder =>
    {
        next(builder);
        if (builder.Name == ClusterLocatorClientServiceCollectionExtensions.LocatorHttpClientName)
        {
            return;
        }

        builder.AdditionalHandlers.Add(new RelocatingHandler(
            services.GetRequiredService<LocatorClient>, board, options.Value.MaxAttempts, loggers.CreateLogger<RelocatingHandler>()));
    };
}
