using System.Text.RegularExpressions;

namespace ClusterLocator.Fuzz.Checks;

/// <summary>
/// Finds the lines of a locator's console log that show a fault: an error or critical entry
/// (<c>fail:</c>, <c>crit:</c>), or any mention of an unhandled exception. bench/fuzz.sh greps the
/// same pattern.
/// </summary>
internal static partial class LogCheck
{
    public const string Pattern = @"fail:|crit:|unhandled|exception";

    public static IReadOnlyList<string> Faults(string log) =>
        [.. log.Split('\n').Where(line => FaultLine().IsMatch(line)).Select(line => line.TrimEnd('\r'))];

    [GeneratedRegex(Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FaultLine();
}
