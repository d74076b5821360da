using System.Globalization;
using System.Net;
using ARSoft.Tools.Net;

namespace ClusterLocator.Locator.Dns;

/// <summary>Reads the DNS options: the address to listen on, the domain, and a cluster endpoint's host and port.</summary>
internal static class DnsAddress
{
    /// <summary>Reads <c>IP:PORT</c> (<c>[IPv6]:PORT</c>); the port is required, 0 binds a free one.</summary>
    public static bool TryParse(string value, out IPEndPoint endPoint)
    {
        endPoint = null!;
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || colon == value.Length - 1)
        {
            return false;
        }

        // An IPv6 address without brackets would read its last group as the port.
        var host = value.AsSpan(0, colon);
        if (host.Contains(':') && !(host[0] == '[' && host[^1] == ']'))
        {
            return false;
        }

        if (!IPEndPoint.TryParse(value, out var parsed))
        {
            return false;
        }

        endPoint = parsed;
        return true;
    }

    /// <summary>Reads a domain such as <c>locator.</c>: letters, digits, hyphens and underscores, at least one label.</summary>
    public static bool TryParseDomain(string? value, out DomainName domain)
    {
        domain = DomainName.Root;
        if (string.IsNullOrWhiteSpace(value) || !DomainName.TryParse(value, out var parsed) || parsed is null || parsed.LabelCount == 0)
        {
            return false;
        }

        foreach (var label in parsed.Labels)
        {
            if (label.Length is 0 or > 63 || !label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        domain = parsed;
        return true;
    }

    /// <summary>
    /// The host and port of a cluster's endpoint address: <c>host:port</c> or <c>[v6]:port</c> for
    /// tcp, an absolute URL for http (its scheme's default port when it names none). The registry
    /// has validated both forms.
    /// </summary>
    public static bool TryParseEndpoint(string address, out string host, out ushort port)
    {
        host = string.Empty;
        port = 0;
        if (address.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Port is < 1 or > ushort.MaxValue)
            {
                return false;
            }

            host = uri.IdnHost.Trim('[', ']');
            port = (ushort)uri.Port;
            return host.Length > 0;
        }

        var colon = address.LastIndexOf(':');
        if (colon <= 0 || !ushort.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port == 0)
        {
            return false;
        }

        host = address[..colon].Trim('[', ']');
        return host.Length > 0;
    }
}
