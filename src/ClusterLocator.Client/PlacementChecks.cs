using System.Net;
using System.Net.Sockets;
using ClusterLocator.Protocol;
using ClusterLocator.Protocol.Validation;

namespace ClusterLocator.Client;

/// <summary>
/// What a placement must be before the SDK uses it: the protocol asked for, an address of that
/// protocol, <c>https</c> where the request is <c>https</c>, inside <see cref="LocatorClientOptions.AllowedNetworks"/>,
/// and reused for no longer than <see cref="LocatorClientOptions.MaxPlacementTtl"/>. A placement that
/// fails is a bad answer from its locator, as a 5xx is.
/// </summary>
internal sealed class PlacementChecks
{
    private readonly IPNetwork[] _allowed;
    private readonly long _maxTtlMs;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;

    public PlacementChecks(LocatorClientOptions options, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        _allowed = [.. options.AllowedNetworks.Select(n => IPNetwork.Parse(n))];
        _maxTtlMs = (long)options.MaxPlacementTtl.TotalMilliseconds;
        _resolve = resolve ?? Dns.GetHostAddressesAsync;
    }

    /// <summary>
    /// Why <paramref name="placement"/> does not answer <paramref name="request"/>, as it would follow
    /// "locator X" in a message; null when it does. Cheap: it reads the placement only. With
    /// <paramref name="requireHttps"/> the request is <c>https</c>, so the placement must be too.
    /// </summary>
    public static string? Problem(LocateResponse placement, LocateRequest request, bool requireHttps)
    {
        if (!Identifiers.IsValid(placement.ClusterId))
        {
            return $"placed the session on a cluster id that is not one ({Identifiers.Rule}).";
        }

        var on = $"placed the session on cluster '{placement.ClusterId}'";
        if (request.Protocol is { } asked && !string.Equals(placement.Protocol, asked, StringComparison.Ordinal))
        {
            return $"{on} with protocol '{Shorten(placement.Protocol)}' when '{asked}' was asked for: a locator answers the protocol asked.";
        }

        return placement.Protocol switch
        {
            Protocols.Tcp => EndpointAddress.TryParseTcp(placement.Address, out _, out _)
                ? null
                : $"{on} at '{Shorten(placement.Address)}', which is not a TCP address (host:port).",
            Protocols.Http => !EndpointAddress.TryParseHttp(placement.Address, out var url)
                ? $"{on} at '{Shorten(placement.Address)}', which is not an http:// or https:// URL."
                : requireHttps && url!.Scheme != Uri.UriSchemeHttps
                    ? $"{on} at '{Shorten(placement.Address)}' for an https request: an https request is never sent on as http."
                    : null,
            _ => $"{on} with protocol '{Shorten(placement.Protocol)}', which is neither '{Protocols.Tcp}' nor '{Protocols.Http}'.",
        };
    }

    /// <summary>
    /// Why <paramref name="placement"/>'s address is outside <see cref="LocatorClientOptions.AllowedNetworks"/>;
    /// null when it is inside or no range is set. Call after <see cref="Problem"/> passed.
    /// </summary>
    public async ValueTask<string?> NetworkProblemAsync(LocateResponse placement, CancellationToken cancellationToken)
    {
        if (_allowed.Length == 0)
        {
            return null;
        }

        var host = Host(placement);
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await _resolve(host, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                return $"placed the session on cluster '{placement.ClusterId}' at '{host}', which does not resolve ({ex.Message}), so LocatorClientOptions.AllowedNetworks cannot be checked.";
            }
        }

        var outside = addresses.Length == 0 ? host : addresses.FirstOrDefault(a => !IsAllowed(a))?.ToString();
        return outside is null
            ? null
            : $"placed the session on cluster '{placement.ClusterId}' at {outside}, outside LocatorClientOptions.AllowedNetworks ({string.Join(", ", _allowed)}).";
    }

    /// <summary><paramref name="placement"/> with its <c>ttlMs</c> cut to <see cref="LocatorClientOptions.MaxPlacementTtl"/> (and a negative one to 0).</summary>
    public LocateResponse WithCappedTtl(LocateResponse placement) =>
        placement.TtlMs >= 0 && placement.TtlMs <= _maxTtlMs ? placement : placement with { TtlMs = Math.Clamp(placement.TtlMs, 0, _maxTtlMs) };

    private bool IsAllowed(IPAddress address)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return _allowed.Any(n => n.Contains(plain));
    }

    /// <summary>The host of an address <see cref="Problem"/> accepted, without IPv6 brackets.</summary>
    private static string Host(LocateResponse placement)
    {
        if (EndpointAddress.TryParseHttp(placement.Address, out var url))
        {
            return url!.IdnHost.Trim('[', ']');
        }

        return EndpointAddress.TryParseTcp(placement.Address, out var host, out _)
            ? host.Trim('[', ']')
            : throw new InvalidOperationException("Only a placement that passed Problem has its network checked.");
    }

    /// <summary>A value from the wire, cut so a message stays readable.</summary>
    private static string Shorten(string? value) =>
        value is null ? string.Empty : value.Length <= 200 ? value : value[..200] + "…";
}
