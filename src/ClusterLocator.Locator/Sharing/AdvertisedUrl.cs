using System.Net;
using ClusterLocator.Locator.Hosting;

namespace ClusterLocator.Locator.Sharing;

/// <summary>The URL a locator announces to its peers (<see cref="LocatorOptions.AdvertiseUrl"/>), and which URLs can be one.</summary>
internal static class AdvertisedUrl
{
    /// <summary>
    /// The configured URL, else the first address the server bound when it names one host a peer can
    /// reach; null when there is none, and then the locator does not announce itself.
    /// </summary>
    public static Uri? Choose(string? configured, IReadOnlyList<string> bound)
    {
        if (configured is not null)
        {
            // The validator has checked it. A base URL: routes resolve beneath its path.
            var url = new Uri(configured, UriKind.Absolute);
            return url.AbsolutePath.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
        }

        return bound.Count > 0 && ListenAddresses.TryParse(bound[0], out var first) && IsConcrete(first) ? first : null;
    }

    /// <summary>
    /// Whether another machine can send to <paramref name="url"/>: an http(s) URL naming one address or
    /// host name, not a wildcard (<c>0.0.0.0</c>, <c>[::]</c>, <c>*</c>), <c>localhost</c> or a local socket,
    /// with no user information, query or fragment.
    /// A loopback address counts: peers on the same machine reach it.
    /// </summary>
    public static bool IsConcrete(Uri url) =>
        url.IsAbsoluteUri
        && url.Scheme is "http" or "https"
        && url.UserInfo.Length == 0
        && url.Query.Length == 0
        && url.Fragment.Length == 0
        && (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip)
            ? !ip.Equals(IPAddress.Any) && !ip.Equals(IPAddress.IPv6Any)
            : ListenAddresses.IsHostName(url));
}
