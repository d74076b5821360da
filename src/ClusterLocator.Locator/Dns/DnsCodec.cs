using System.Runtime.CompilerServices;
using ARSoft.Tools.Net.Dns;

namespace ClusterLocator.Locator.Dns;

/// <summary>
/// The wire format of the UDP side, from ARSoft.Tools.Net: its parser, and its encoder, which the
/// package keeps internal (its <see cref="DnsServer"/> calls it). The UDP side runs its own receive
/// loops rather than that server (docs/performance.md, dns: the server's per-datagram connection
/// and task machinery answered a fifth of the queries a second), so it reaches the encoder through
/// an <see cref="UnsafeAccessorAttribute"/> bound at compile time to the version pinned in
/// Directory.Packages.props; a version without it fails the tests at the first answer.
/// </summary>
internal static class DnsCodec
{
    /// <summary>Reads a query; throws on a malformed one, which the caller drops.</summary>
    public static DnsMessage Parse(ArraySegment<byte> datagram) => DnsMessage.Parse(datagram);

    /// <summary>The bytes of <paramref name="message"/>, without the length prefix of DNS over TCP.</summary>
    public static ArraySegment<byte> Encode(DnsMessage message) => EncodeMessage(message).ToArraySegment(false);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Encode")]
    private static extern DnsRawPackage EncodeMessage(DnsMessageBase message);
}
