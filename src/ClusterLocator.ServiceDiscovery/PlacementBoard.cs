using System.Collections.Concurrent;
using ClusterLocator.Client;
using ClusterLocator.Protocol;
using ClusterLocator.Protocol.Validation;

namespace ClusterLocator.ServiceDiscovery;

/// <summary>
/// The placements in use, by the front door they send to, so the relocation handler, which sees
/// only the rewritten request, can tell which placement a refusal retires; and the clusters that
/// refused, which the next placements of their service exclude until the refused placement would
/// have expired (at least once): the <see cref="LocatorClient"/>'s own cache may hold it that long.
/// </summary>
internal sealed class PlacementBoard(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Placed> _byFrontDoor = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(string Service, string ClusterId), Refusal> _refusals = new();

    /// <summary>Records a placement that lives for <paramref name="lifetime"/>; the token says when it is used up.</summary>
    public PlacementChangeToken Place(string service, LocateOptions options, LocateResponse placement, TimeSpan lifetime)
    {
        var token = new PlacementChangeToken(time, time.GetUtcNow() + lifetime);
        if (FrontDoor(placement.Address) is { } door)
        {
            _byFrontDoor[door] = new Placed(service, options, placement, token);
        }

        return token;
    }

    /// <summary>The placement that sends to <paramref name="uri"/>'s front door, if one does.</summary>
    public Placed? Find(Uri uri) =>
        uri.IsAbsoluteUri && _byFrontDoor.TryGetValue(uri.GetLeftPart(UriPartial.Authority), out var placed) ? placed : null;

    /// <summary>Retires <paramref name="placed"/>: the next request of its service is placed afresh, without its cluster.</summary>
    public void TurnedAway(Placed placed)
    {
        placed.Token.TurnAway();
        _refusals[(placed.Service, placed.Placement.ClusterId)] = new Refusal(placed.Token.Expires);
    }

    /// <summary>The clusters a placement of <paramref name="service"/> must exclude now.</summary>
    public IReadOnlyList<string> Refusals(string service)
    {
        List<string>? excluded = null;
        var now = time.GetUtcNow();
        foreach (var ((refusedService, clusterId), refusal) in _refusals)
        {
            if (refusedService != service)
            {
                continue;
            }

            if (refusal.Excluded && refusal.Until <= now)
            {
                _refusals.TryRemove(KeyValuePair.Create((refusedService, clusterId), refusal));
                continue;
            }

            refusal.Excluded = true;
            (excluded ??= []).Add(clusterId);
        }

        return excluded ?? [];
    }

    private static string? FrontDoor(string address) =>
        EndpointAddress.TryParseHttp(address, out var uri) ? uri!.GetLeftPart(UriPartial.Authority) : null;
}
