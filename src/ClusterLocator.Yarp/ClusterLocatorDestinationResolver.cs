using System.Collections.Concurrent;
using System.Globalization;
using ClusterLocator.Client;
using ClusterLocator.Protocol;
using ClusterLocator.Protocol.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.ServiceDiscovery;

namespace ClusterLocator.Yarp;

/// <summary>
/// Replaces a destination that names a service (see <see cref="ServiceDestination"/>) with one
/// destination per eligible cluster of that service that has a matching HTTP front door, healthiest
/// first, named <c>{destination}/{clusterId}</c> and carrying the destination's own settings. The
/// list comes from the locators' cluster list and is asked again every
/// <see cref="ClusterLocatorDestinationOptions.RefreshPeriod"/>; when no locator answers, the last
/// list is kept.
/// </summary>
internal sealed partial class ClusterLocatorDestinationResolver(
    LocatorClient client,
    IOptions<ClusterLocatorDestinationOptions> options,
    TimeProvider time,
    ILogger<ClusterLocatorDestinationResolver> logger) : IDestinationResolver
{
    /// <summary>The metadata key of a resolved destination's cluster id.</summary>
    internal const string ClusterIdKey = "ClusterLocator.ClusterId";

    /// <summary>The metadata key of a resolved destination's health when it was listed.</summary>
    internal const string HealthKey = "ClusterLocator.Health";

    private readonly ConcurrentDictionary<string, IReadOnlyList<KeyValuePair<string, DestinationConfig>>> _lastGood = new(StringComparer.Ordinal);

    public async ValueTask<ResolvedDestinationCollection> ResolveDestinationsAsync(IReadOnlyDictionary<string, DestinationConfig> destinations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destinations);
        var resolved = new Dictionary<string, DestinationConfig>(StringComparer.OrdinalIgnoreCase);
        var followsService = false;
        foreach (var (name, destination) in destinations)
        {
            if (!ServiceDestination.TryParse(destination.Address, out var service, out var requireHttps))
            {
                resolved[name] = destination;
                continue;
            }

            followsService = true;
            foreach (var (id, config) in await ResolveAsync(name, destination, service, requireHttps, cancellationToken).ConfigureAwait(false))
            {
                resolved[id] = config;
            }
        }

        // A cancelled source per resolution: YARP asks again when it fires.
        IChangeToken? changeToken = followsService
            ? new CancellationChangeToken(new CancellationTokenSource(options.Value.RefreshPeriod, time).Token)
            : null;
        return new ResolvedDestinationCollection(resolved, changeToken);
    }

    private async Task<IReadOnlyList<KeyValuePair<string, DestinationConfig>>> ResolveAsync(
        string name, DestinationConfig destination, string service, bool requireHttps, CancellationToken cancellationToken)
    {
        var key = $"{name}\n{destination.Address}";
        ClusterList list;
        try
        {
            list = await client.GetClustersAsync(service, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is LocatorUnavailableException or LocatorAccessDeniedException or ArgumentException)
        {
            var kept = _lastGood.TryGetValue(key, out var last) ? last : [];
            Log.ListFailed(logger, service, name, kept.Count, ex.Message);
            return kept;
        }

        var doors = new List<KeyValuePair<string, DestinationConfig>>();
        foreach (var cluster in list.Clusters.Where(c => c.Eligible && c.Service == service).OrderByDescending(c => c.Health))
        {
            var door = cluster.Endpoints.FirstOrDefault(e =>
                e.Protocol == Protocols.Http
                && EndpointAddress.TryParseHttp(e.Address, out var url)
                && (!requireHttps || url!.Scheme == Uri.UriSchemeHttps));
            if (door?.Address is not { } address)
            {
                continue;
            }

            var metadata = new Dictionary<string, string>(destination.Metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal)
            {
                [ClusterIdKey] = cluster.ClusterId,
                [HealthKey] = cluster.Health.ToString("0.###", CultureInfo.InvariantCulture),
            };
            doors.Add(new($"{name}/{cluster.ClusterId}", destination with { Address = address, Metadata = metadata }));
        }

        _lastGood[key] = doors;
        Log.Listed(logger, service, name, doors.Count);
        return doors;
    }
}
