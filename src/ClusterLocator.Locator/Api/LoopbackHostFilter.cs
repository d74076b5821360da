using ClusterLocator.Locator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ClusterLocator.Locator.Api;

/// <summary>
/// While the locator listens on loopback only, answers 421 Misdirected Request to a request whose
/// <c>Host</c> is neither a loopback name or address nor one of <see cref="LocatorOptions.AllowedHosts"/>.
/// A web page that points a name of its own at 127.0.0.1 (DNS rebinding) reaches the locator with
/// that name in <c>Host</c>, so it is refused before it can register anything.
/// </summary>
/// <remarks>
/// It runs before every locate, so it reads the header in place and allocates nothing.
/// </remarks>
internal sealed class LoopbackHostFilter(ListenScope scope, LocatorOptions options)
{
    private readonly string[] _allowed = [.. options.AllowedHosts.Select(host => host.Trim('[', ']'))];

    /// <summary>An endpoint convention: puts the check in front of <paramref name="endpoint"/>'s handler, and says it may answer 421.</summary>
    public void Apply(EndpointBuilder endpoint)
    {
        if (endpoint.RequestDelegate is not { } handler)
        {
            return;
        }

        endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status421MisdirectedRequest, typeof(Protocol.Problem), [Protocol.Problem.ContentType]));
        endpoint.RequestDelegate = context => !scope.LoopbackOnly || IsAllowed(context.Request.Headers.Host.ToString())
            ? handler(context)
            : MisdirectedAsync(context);
    }

    /// <summary>Whether a <c>Host</c> header (<c>name[:port]</c>, <c>[v6]:port</c>) names this machine or an allowed host.</summary>
    internal bool IsAllowed(ReadOnlySpan<char> header)
    {
        // Browsers always send Host; a request without one is a local tool's.
        if (header.IsEmpty)
        {
            return true;
        }

        var host = HostOf(header);
        if (host.Equals(ListenAddresses.Localhost, StringComparison.OrdinalIgnoreCase) || host is "::1" || IsLoopbackIPv4(host))
        {
            return true;
        }

        foreach (var allowed in _allowed)
        {
            if (host.Equals(allowed, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The host without its port, and an IPv6 address without its brackets.</summary>
    private static ReadOnlySpan<char> HostOf(ReadOnlySpan<char> header)
    {
        if (header[0] == '[')
        {
            var end = header.IndexOf(']');
            return end < 0 ? header : header[1..end];
        }

        var colon = header.IndexOf(':');
        return colon < 0 ? header : header[..colon];
    }

    /// <summary>
    /// A dotted quad <c>127.a.b.c</c>, each part 0-255. Only this canonical form: the short and
    /// numeric forms <see cref="System.Net.IPAddress"/> also reads are not what a client puts in a URL.
    /// </summary>
    private static bool IsLoopbackIPv4(ReadOnlySpan<char> host)
    {
        if (!host.StartsWith("127."))
        {
            return false;
        }

        var parts = 0;
        foreach (var range in host.Split('.'))
        {
            var part = host[range];
            if (++parts > 4 || part.Length is 0 or > 3 || !byte.TryParse(part, System.Globalization.NumberStyles.None, null, out _))
            {
                return false;
            }
        }

        return parts == 4;
    }

    private static Task MisdirectedAsync(HttpContext context) =>
        ProblemResponses.WriteAsync(
            context,
            StatusCodes.Status421MisdirectedRequest,
            "Misdirected request",
            $"This locator listens on loopback only and answers for loopback hosts only (localhost, 127.0.0.1, [::1]), not for '{context.Request.Host}': a web page may have pointed that name at this machine. "
            + "Use http://127.0.0.1:PORT, or, if the name is yours, add it to the locator's allowed hosts (--allowed-hosts, LocatorOptions.AllowedHosts).");
}
