using System.Buffers.Binary;
using System.Text;
using ARSoft.Tools.Net.Dns;

namespace ClusterLocator.Locator.Dns;

/// <summary>
/// An Extended DNS Error (RFC 8914, EDNS option 15): an info code and a text saying why, so that
/// <c>dig</c> shows a refused locate's reason as the HTTP problem's detail says it. ARSoft.Tools.Net
/// has no type for the option; its <see cref="UnknownOption"/> carries the option's bytes as given.
/// </summary>
internal static class ExtendedDnsError
{
    /// <summary>The option code of an Extended DNS Error.</summary>
    public const EDnsOptionType OptionType = (EDnsOptionType)15;

    /// <summary>Info code 0, Other: no eligible cluster, or too many queries.</summary>
    public const ushort Other = 0;

    /// <summary>Info code 14, Not Ready: the locator is warming up.</summary>
    public const ushort NotReady = 14;

    /// <summary>Info code 18, Prohibited: the locator answers only clients with credentials.</summary>
    public const ushort Prohibited = 18;

    /// <summary>
    /// Texts longer than this are cut: the reason fits in a UDP answer of 512 bytes beside the
    /// question, so no resolver needs TCP to learn it.
    /// </summary>
    public const int MaxTextBytes = 300;

    public static UnknownOption Create(ushort infoCode, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var length = Math.Min(bytes.Length, MaxTextBytes);
        var data = new byte[2 + length];
        BinaryPrimitives.WriteUInt16BigEndian(data, infoCode);
        bytes.AsSpan(0, length).CopyTo(data.AsSpan(2));
        return new UnknownOption(OptionType, data);
    }
}
