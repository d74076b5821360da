using System.Net;

namespace ClusterLocator.Locator.Hosting;

/// <summary>
/// Reads a listen URL (<c>http://127.0.0.1:7400</c>, <c>http://*:80</c>, <c>http://unix:/run/x.sock</c>)
/// the way Kestrel binds it, to tell loopback from beyond. The one place that rule lives, for the
/// options validator (before binding) and <see cref="BoundAddressCheck"/> (after).
/// </summary>
internal static class ListenAddresses
{
    public const string Localhost = "localhost";

    /// <summary>
    /// Parses <paramref name="url"/>; <c>*</c> and <c>+</c>, which Kestrel reads as every address,
    /// become <c>0.0.0.0</c>. False when it is not an http(s) URL.
    /// </summary>
    public static bool TryParse(string url, out Uri uri)
    {
        var parsable = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (Uri.TryCreate(parsable, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https")
        {
            uri = parsed;
            return true;
        }

        uri = null!;
        return false;
    }

    /// <summary>Whether <paramref name="address"/> is on loopback; one that does not parse counts as beyond.</summary>
    public static bool IsLoopback(string address) => TryParse(address, out var uri) && IsLoopback(uri);

    /// <summary>
    /// Whether Kestrel, given <paramref name="uri"/>, listens on this machine only: <c>localhost</c>,
    /// a loopback IP address, or a Unix socket or named pipe. Not <see cref="Uri.IsLoopback"/>, which
    /// also says yes to the name <c>loopback</c>, on which Kestrel listens on every interface.
    /// </summary>
    public static bool IsLoopback(Uri uri) =>
        IsLocalSocket(uri)
        || IsLocalhost(uri)
        || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>
    /// Whether <paramref name="uri"/> names a host that Kestrel does not resolve: any name but
    /// <c>localhost</c>, on which it listens on every interface.
    /// </summary>
    public static bool IsHostName(Uri uri) =>
        uri.HostNameType is UriHostNameType.Dns or UriHostNameType.Basic
        && !IsLocalSocket(uri)
        && !IsLocalhost(uri);

    /// <summary>
    /// The host as written in the URL. <see cref="Uri.Host"/> reports the name <c>loopback</c> as
    /// <c>localhost</c>, but Kestrel listens on every interface for it.
    /// </summary>
    public static string WrittenHost(Uri uri)
    {
        var original = uri.OriginalString.AsSpan();
        var authority = original[(original.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var end = authority.IndexOfAny('/', '?', '#');
        authority = end < 0 ? authority : authority[..end];
        var hostEnd = authority.StartsWith('[') ? authority.IndexOf(']') + 1 : authority.IndexOf(':');
        return (hostEnd <= 0 ? authority : authority[..hostEnd]).ToString();
    }

    private static bool IsLocalhost(Uri uri) => string.Equals(WrittenHost(uri), Localhost, StringComparison.OrdinalIgnoreCase);

    /// <summary><c>http://unix:/path</c> and <c>http://pipe:/name</c>, which no network peer reaches.</summary>
    private static bool IsLocalSocket(Uri uri) =>
        uri.OriginalString.Contains("://unix:/", StringComparison.OrdinalIgnoreCase)
        || uri.OriginalString.Contains("://pipe:/", StringComparison.OrdinalIgnoreCase);
}
