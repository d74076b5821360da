using ClusterLocator.Client;
using ClusterLocator.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.ServiceDiscovery;

namespace ClusterLocator.ServiceDiscovery;

/// <summary>
/// Resolves a service to one endpoint: the HTTP front door of the cluster a locator places it on
/// now. The placement's change token retires it after its <c>ttlMs</c> (at once when
/// <see cref="LocatorClientOptions.CachePlacements"/> is off, so every request is placed) or when
/// the cluster turns a request away; service discovery then asks again.
/// </summary>
internal sealed partial class ClusterLocatorEndpointProvider(
    string service,
    bool requireHttps,
    LocateOptions options,
    LocatorClient client,
    PlacementBoard board,
    LocatorClientOptions clientOptions,
    ILogger logger) : IServiceEndpointProvider
{
    public async ValueTask PopulateAsync(IServiceEndpointBuilder endpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var locate = options with { Protocol = Protocols.Http };
        if (board.Refusals(service) is { Count: > 0 } refused)
        {
            locate = locate with { Exclude = [.. options.Exclude, .. refused] };
        }

        var placement = await client.LocateAsync(service, locate, cancellationToken).ConfigureAwait(false);
        var address = new Uri(placement.Address);
        if (requireHttps && address.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException(
                $"The locator placed {service} on cluster '{placement.ClusterId}' at {placement.Address}, but the request is https: an https request is never sent on as http. Give the cluster an https front door, or send the request as http.");
        }

        var lifetime = clientOptions.CachePlacements ? TimeSpan.FromMilliseconds(placement.TtlMs) : TimeSpan.Zero;
        var endpoint = ServiceEndpoint.Create(new UriEndPoint(address));
        endpoint.Features.Set<IServiceEndpointProvider>(this);
        endpoints.Endpoints.Add(endpoint);
        endpoints.AddChangeToken(board.Place(service, options, placement, lifetime));
        Log.Placed(logger, service, placement.ClusterId, placement.Address, lifetime);
    }

    public ValueTask DisposeAsync() => default;

    public override string ToString() => "ClusterLocator";
}
