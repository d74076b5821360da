using System.Globalization;
using System.Text;

namespace ClusterLocator.Cli.Output;

/// <summary>
/// Makes text that came off the wire (a locator's cluster ids, addresses, problem details, the
/// messages built from them) inert before it reaches a terminal: every control character is shown
/// as its escape, <c>\u001b</c>, so an answer cannot colour, move the cursor, retitle the window,
/// rewrite a line or forge one of the tool's own lines.
/// </summary>
internal static class TerminalText
{
    /// <summary><paramref name="text"/> with every character <see cref="IsUnsafe"/> finds replaced by <c>\uXXXX</c>.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Any(IsUnsafe))
        {
            return text ?? string.Empty;
        }

        var clean = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (IsUnsafe(c))
            {
                clean.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                clean.Append(c);
            }
        }

        return clean.ToString();
    }

    /// <summary>
    /// C0 controls (line breaks and tabs too: a value is printed on its line), DEL, C1 controls
    /// (0x9B is a one-character escape sequence on some terminals), the Unicode line and paragraph
    /// separators, and the bidirectional overrides that make text read in another order than it is.
    /// </summary>
    private static bool IsUnsafe(char c) =>
        c < ' '
        || c is >= '\u007f' and <= '\u009f'
        || c is '\u2028' or '\u2029' or '\u200e' or '\u200f' or '\u061c'
        || c is >= '\u202a' and <= '\u202e'
        || c is >= '\u2066' and <= '\u2069';
}
