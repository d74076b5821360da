using System.Buffers;

namespace ClusterLocator.Controller.Http;

/// <summary>
/// Finds where the first request's head ends in what a connection has sent, without consuming it, so
/// the pinned front door can choose a member for a whole request and then pass the bytes on as they
/// came. It checks only what that needs: an HTTP/1.x request line, and the empty line that ends the
/// head within the size Kestrel allows a head; the member parses the rest.
/// </summary>
internal static class RequestHead
{
    /// <summary>What the bytes so far hold.</summary>
    public enum State
    {
        /// <summary>Not the whole head yet: read more.</summary>
        Incomplete,

        /// <summary>The head is complete.</summary>
        Complete,

        /// <summary>More than the most a head may take, and no end in it.</summary>
        TooLarge,

        /// <summary>The first line is not an HTTP/1.0 or HTTP/1.1 request line.</summary>
        Malformed,
    }

    private static ReadOnlySpan<byte> LineEnd => "\r\n"u8;

    private static ReadOnlySpan<byte> HeadEnd => "\r\n\r\n"u8;

    /// <param name="received">The bytes received so far, from the connection's first.</param>
    /// <param name="maxBytes">The most a head may take, its request line included.</param>
    public static State Inspect(ReadOnlySequence<byte> received, int maxBytes)
    {
        var reader = new SequenceReader<byte>(received);

        // RFC 9112 §2.2: a server ought to ignore empty lines before the request line.
        while (reader.IsNext(LineEnd, advancePast: true))
        {
        }

        if (!reader.TryReadTo(out ReadOnlySequence<byte> line, LineEnd))
        {
            return received.Length > maxBytes ? State.TooLarge : State.Incomplete;
        }

        if (!IsRequestLine(line))
        {
            return State.Malformed;
        }

        // A head with no header field ends right after the request line.
        var complete = reader.IsNext(LineEnd, advancePast: true) || reader.TryReadTo(out ReadOnlySequence<byte> _, HeadEnd);
        return complete && reader.Consumed <= maxBytes ? State.Complete
            : complete || received.Length > maxBytes ? State.TooLarge
            : State.Incomplete;
    }

    /// <summary><c>METHOD SP TARGET SP HTTP/1.x</c>, the method a token and the target without spaces.</summary>
    private static bool IsRequestLine(ReadOnlySequence<byte> line)
    {
        Span<byte> copy = stackalloc byte[(int)Math.Min(line.Length, 8192)];
        if (line.Length > copy.Length)
        {
            // Longer than Kestrel's request line limit, which the head's limit covers first in practice.
            return false;
        }

        line.CopyTo(copy);
        var first = copy.IndexOf((byte)' ');
        var last = copy.LastIndexOf((byte)' ');
        if (first <= 0 || last <= first + 1)
        {
            return false;
        }

        var version = copy[(last + 1)..];
        return IsToken(copy[..first])
            && !copy[(first + 1)..last].Contains((byte)' ')
            && (version.SequenceEqual("HTTP/1.1"u8) || version.SequenceEqual("HTTP/1.0"u8));
    }

    private static bool IsToken(ReadOnlySpan<byte> method)
    {
        foreach (var c in method)
        {
            // RFC 9110 §5.6.2 tchar: visible ASCII but the delimiters.
            if (c is <= 0x20 or >= 0x7f || "\"(),/:;<=>?@[\\]{}"u8.Contains(c))
            {
                return false;
            }
        }

        return true;
    }
}
