using System.Net;
using ClusterLocator.Protocol.Validation;

namespace ClusterLocator.Yarp;

/// <summary>
/// Which destinations name a service: an <c>http://</c> or <c>https://</c> address whose host is one
/// label that is a valid service id (<c>http://erp</c>). A host with a dot, an IP literal or
/// <c>localhost</c> is a real server and is proxied to as configured.
/// </summary>
internal static class ServiceDestination
{
    public static bool TryParse(string? address, out string service, out bool requireHttps)
    {
        service = string.Empty;
        requireHttps = false;
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return false;
        }

        var host = uri.Host;
        if (host.Contains('.', StringComparison.Ordinal) || host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || IPAddress.TryParse(host, out _) || !Identifiers.IsValid(host))
        {
            return false;
        }

        service = host;
        requireHttps = uri.Scheme == Uri.UriSchemeHttps;
        return true;
    }
}
