using System.Globalization;
using System.Text;

namespace ClusterLocator.Fuzz.Generation;

/// <summary>Writes HTTP/1.1 requests byte by byte, with whatever framing a mutation asks for.</summary>
internal sealed class RawRequest
{
    private readonly StringBuilder _head = new();
    private readonly List<byte[]> _parts = [];

    public RawRequest(string method, string target, string version = "HTTP/1.1", string newline = "\r\n")
    {
        Newline = newline;
        _head.Append(method).Append(' ').Append(target).Append(' ').Append(version).Append(newline);
    }

    public string Newline { get; }

    public RawRequest Header(string name, string value)
    {
        _head.Append(name).Append(": ").Append(value).Append(Newline);
        return this;
    }

    /// <summary>A header line as given, e.g. one without a colon.</summary>
    public RawRequest Line(string line)
    {
        _head.Append(line).Append(Newline);
        return this;
    }

    /// <summary>Ends the head and appends <paramref name="body"/> as it is (framing is the caller's headers).</summary>
    public byte[] WithBody(ReadOnlySpan<byte> body)
    {
        _head.Append(Newline);
        return [.. Latin1(_head.ToString()), .. body];
    }

    /// <summary>Ends the head and sends <paramref name="body"/> in chunks of random sizes, each as <paramref name="size"/> writes its size line.</summary>
    public byte[] Chunked(Random random, byte[] body, Func<int, string> size, bool lastChunk = true)
    {
        _head.Append(Newline);
        _parts.Add(Latin1(_head.ToString()));
        var at = 0;
        while (at < body.Length)
        {
            var length = Math.Min(body.Length - at, random.Next(1, Math.Max(64, body.Length / 16)));
            _parts.Add(Latin1(size(length) + Newline));
            _parts.Add(body[at..(at + length)]);
            _parts.Add(Latin1(Newline));
            at += length;
        }

        if (lastChunk)
        {
            _parts.Add(Latin1("0" + Newline + Newline));
        }

        return [.. _parts.SelectMany(p => p)];
    }

    public static string Hex(int value) => value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>
    /// Chars up to U+00FF as one byte each, so a head can carry any byte a mutation puts in it
    /// (<c>\u00ff</c> is the byte 0xff); chars above as UTF-8.
    /// </summary>
    public static byte[] Latin1(string text)
    {
        var bytes = new List<byte>(text.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value <= 0xff)
            {
                bytes.Add((byte)rune.Value);
            }
            else
            {
                bytes.AddRange(utf8[..rune.EncodeToUtf8(utf8)]);
            }
        }

        return [.. bytes];
    }
}
