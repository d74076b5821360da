using System.Globalization;

namespace ClusterLocator.Locator.Simulation;

/// <summary>
/// A trace of session durations: one duration in time units per line; an optional header line
/// <c>duration</c>, blank lines and lines starting with <c>#</c> are skipped. A line with several
/// comma-separated fields takes the first.
/// </summary>
internal static class DurationTraceFile
{
    /// <summary>The durations of <paramref name="lines"/>, or null with every bad line in <paramref name="errors"/>, each naming its line number.</summary>
    public static double[]? Parse(IEnumerable<string> lines, out IReadOnlyList<string> errors)
    {
        var durations = new List<double>();
        var problems = new List<string>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            var field = line.Split(',', 2)[0].Trim();
            if (field.Length == 0 || field.StartsWith('#') || (number == 1 && field.Equals("duration", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var duration) && duration > 0 && double.IsFinite(duration))
            {
                durations.Add(duration);
            }
            else if (problems.Count < 10)
            {
                problems.Add($"line {number}: '{field}' is not a duration: give a positive number of time units, e.g. 0.8.");
            }
        }

        if (problems.Count == 0 && durations.Count == 0)
        {
            problems.Add("no duration in it: give one positive number of time units per line.");
        }

        errors = problems;
        return problems.Count == 0 ? [.. durations] : null;
    }
}
