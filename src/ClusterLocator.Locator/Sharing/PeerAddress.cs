namespace ClusterLocator.Locator.Sharing;

/// <summary>The one reading of a peer locator's URL: configured (the options validator, <see cref="ConfiguredPeers"/>) or announced in etcd.</summary>
internal static class PeerAddress
{
    /// <summary>
    /// Parses <paramref name="url"/> as a peer's base URL: absolute, http or https, a host, no user
    /// information, query or fragment. The path ends with a slash, so routes resolve beneath it.
    /// </summary>
    public static bool TryParse(string? url, out Uri uri)
    {
        uri = null!;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed)
            || parsed.Scheme is not ("http" or "https")
            || string.IsNullOrEmpty(parsed.Host)
            || parsed.UserInfo.Length > 0
            || parsed.Query.Length > 0
            || parsed.Fragment.Length > 0)
        {
            return false;
        }

        uri = parsed.AbsolutePath.EndsWith('/') ? parsed : new Uri(parsed.AbsoluteUri + "/");
        return true;
    }

    /// <summary>Whether two base URLs reach the same place: scheme, host, port and path, ignoring case where URLs do.</summary>
    public static bool SamePlace(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
