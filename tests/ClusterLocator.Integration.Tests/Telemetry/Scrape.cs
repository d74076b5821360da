using System.Globalization;
using System.Text.RegularExpressions;

namespace ClusterLocator.Integration.Tests.Telemetry;

/// <summary>Reads Prometheus text as scraped from <c>/metrics</c>.</summary>
internal static partial class Scrape
{
    /// <summary>The name of every series in <paramref name="text"/>.</summary>
    public static IReadOnlySet<string> SeriesNames(string text) =>
        SeriesLine().Matches(text).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>The value of the first series named <paramref name="name"/> whose labels contain every one of <paramref name="labels"/>; null when none.</summary>
    public static double? Value(string text, string name, params string[] labels)
    {
        foreach (Match match in SeriesLine().Matches(text))
        {
            if (match.Groups["name"].Value == name && labels.All(label => match.Groups["labels"].Value.Contains(label, StringComparison.Ordinal)))
            {
                return double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex SeriesLine();
}
