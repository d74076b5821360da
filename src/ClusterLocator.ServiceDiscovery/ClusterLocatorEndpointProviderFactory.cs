using System.Diagnostics.CodeAnalysis;
using ClusterLocator.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.ServiceDiscovery;

namespace ClusterLocator.ServiceDiscovery;

/// <summary>
/// Claims a query whose service is a ClusterLocator service name (see <see cref="ServiceNames"/>),
/// unless configuration lists that service under <c>Services</c>: configured endpoints stay the
/// operator's override, as they are for every other provider.
/// </summary>
internal sealed class ClusterLocatorEndpointProviderFactory(
    LocatorClient client,
    PlacementBoard board,
    IOptions<LocatorClientOptions> clientOptions,
    IOptions<ConfigurationServiceEndpointProviderOptions> configurationOptions,
    ILoggerFactory loggers,
    LocateOptions locateOptions,
    IConfiguration? configuration = null) : IServiceEndpointProviderFactory
{
    public bool TryCreateProvider(ServiceEndpointQuery query, [NotNullWhen(true)] out IServiceEndpointProvider? provider)
    {
        ArgumentNullException.ThrowIfNull(query);
        provider = null;
        if (query.EndpointName is not null || !ServiceNames.IsService(query.ServiceName) || IsConfigured(query.ServiceName))
        {
            return false;
        }

        var schemes = query.IncludedSchemes;
        if (schemes.Any(s => s != Uri.UriSchemeHttp && s != Uri.UriSchemeHttps))
        {
            return false;
        }

        var requireHttps = schemes.Count > 0 && schemes.All(s => s == Uri.UriSchemeHttps);
        provider = new ClusterLocatorEndpointProvider(
            query.ServiceName, requireHttps, locateOptions, client, board, clientOptions.Value, loggers.CreateLogger<ClusterLocatorEndpointProvider>());
        return true;
    }

    private bool IsConfigured(string service) =>
        configuration?.GetSection(configurationOptions.Value.SectionName).GetSection(service).Exists() == true;
}
