using System.Globalization;

namespace ClusterLocator.Cli;

/// <summary>Reads durations as people write them: <c>250ms</c>, <c>1s</c>, <c>1.5s</c>, <c>2m</c>, <c>1h</c>.</summary>
internal static class Durations
{
    public const string Help = "a number with a unit: ms, s, m or h (250ms, 1s, 2m)";

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        var (digits, scale) = s switch
        {
            _ when s.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (s[..^2], 1.0),
            _ when s.EndsWith('s') || s.EndsWith('S') => (s[..^1], 1000.0),
            _ when s.EndsWith('m') || s.EndsWith('M') => (s[..^1], 60_000.0),
            _ when s.EndsWith('h') || s.EndsWith('H') => (s[..^1], 3_600_000.0),
            _ => (string.Empty, 0.0),
        };

        if (scale == 0
            || !double.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            || amount * scale > TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(amount * scale);
        return true;
    }
}
