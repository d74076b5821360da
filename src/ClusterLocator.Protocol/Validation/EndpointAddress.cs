using System.Globalization;

namespace ClusterLocator.Protocol.Validation;

/// <summary>Parses the endpoint addresses of the contract.</summary>
public static class EndpointAddress
{
    /// <summary>
    /// Parses a TCP address, <c>host:port</c> or <c>[v6-address]:port</c>, with a port from 1 to 65535.
    /// </summary>
    public static bool TryParseTcp(string? address, out string host, out int port)
    {
        host = string.Empty;
        port = 0;
        if (string.IsNullOrEmpty(address) || address.Length > 512)
        {
            return false;
        }

        var colon = address.LastIndexOf(':');
        if (colon <= 0 || colon == address.Length - 1)
        {
            return false;
        }

        var hostPart = address[..colon];
        if (hostPart.StartsWith('['))
        {
            if (!hostPart.EndsWith(']')
                || !System.Net.IPAddress.TryParse(hostPart[1..^1], out var v6)
                || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return false;
            }
        }
        else if (hostPart.Contains(':') || Uri.CheckHostName(hostPart) == UriHostNameType.Unknown)
        {
            // A bare IPv6 address is ambiguous with its port; it must be bracketed.
            return false;
        }
        else if (hostPart.All(c => char.IsAsciiDigit(c) || c == '.')
            && (hostPart.Count(c => c == '.') != 3 || !System.Net.IPAddress.TryParse(hostPart, out _)))
        {
            // Digits and dots are an IPv4 address, and only in its full dotted-quad form:
            // "1.2.3" would be read as 1.2.0.3 by some resolvers and not at all by others.
            return false;
        }

        if (!int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port)
            || port is < 1 or > 65535)
        {
            port = 0;
            return false;
        }

        host = hostPart;
        return true;
    }

    /// <summary>Parses an HTTP address: an absolute <c>http</c> or <c>https</c> URL with a host.</summary>
    /// <remarks>A URL without an explicit port carries its scheme's default port.</remarks>
    public static bool TryParseHttp(string? address, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrEmpty(address) || address.Length > 2048
            || !Uri.TryCreate(address, UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(parsed.Host))
        {
            return false;
        }

        uri = parsed;
        return true;
    }
}
