using System.Text;

namespace ClusterLocator.Fuzz.Generation;

/// <summary>Bytes of a request or response as one line of readable text, for findings and logs.</summary>
internal static class Printable
{
    public static string Of(ReadOnlySpan<byte> bytes, int max)
    {
        var text = new StringBuilder();
        foreach (var b in bytes[..Math.Min(bytes.Length, max)])
        {
            text.Append(b switch
            {
                (byte)'\r' => "\\r",
                (byte)'\n' => "\\n",
                (byte)'\\' => "\\\\",
                >= 0x20 and < 0x7f => ((char)b).ToString(),
                _ => $"\\x{b:x2}",
            });
        }

        if (bytes.Length > max)
        {
            text.Append($"… ({bytes.Length} bytes)");
        }

        return text.ToString();
    }
}
