using System.Net;
using ClusterLocator.Protocol.Validation;

namespace ClusterLocator.ServiceDiscovery;

/// <summary>
/// Which host names go to the locator: a single label that is a valid service id (<c>erp</c>,
/// <c>billing-api</c>). A name with a dot, an IP literal or <c>localhost</c> is a real host and
/// falls through to the other providers, so registering the provider never captures an HttpClient
/// of <c>api.example.com</c>.
/// </summary>
internal static class ServiceNames
{
    public static bool IsService(string? host) =>
        host is { Length: > 0 }
        && !host.Contains('.', StringComparison.Ordinal)
        && !string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        && !IPAddress.TryParse(host, out _)
        && Identifiers.IsValid(host);
}
