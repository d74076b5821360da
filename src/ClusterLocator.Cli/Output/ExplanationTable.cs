using System.Globalization;
using System.Text;
using ClusterLocator.Protocol;

namespace ClusterLocator.Cli.Output;

/// <summary>Renders a <see cref="LocateExplanation"/> for people: the choice and its reason, then every candidate, the chosen one marked with <c>*</c>.</summary>
internal static class ExplanationTable
{
    private static readonly string[] Headers = ["", "CLUSTER", "STATE", "HEALTH", "NEXT", "SESSIONS", "CAPACITY", "CPU", "MEMORY", "MEMBERS", "PLACED", "REPORTED", "ZONE"];

    public static string Render(LocateExplanation explanation)
    {
        var sb = new StringBuilder()
            .Append("service ").Append(TerminalText.Clean(explanation.Service))
            .Append(" policy ").Append(TerminalText.Clean(explanation.Policy))
            .Append(" chosen ").AppendLine(explanation.Chosen is null ? "none" : TerminalText.Clean(explanation.Chosen))
            .AppendLine(TerminalText.Clean(explanation.Reason));
        if (explanation.Candidates.Count == 0)
        {
            return sb.ToString();
        }

        var rows = new List<string[]> { Headers };
        foreach (var c in explanation.Candidates)
        {
            rows.Add(
            [
                c.ClusterId == explanation.Chosen ? "*" : string.Empty,
                TerminalText.Clean(c.ClusterId),
                TerminalText.Clean(c.State) + (c.Stale ? " (stale)" : string.Empty),
                Fraction(c.Health),
                c.NextHealth is { } next ? Fraction(next) : "-",
                c.Sessions.ToString(CultureInfo.InvariantCulture),
                c.Capacity.ToString(CultureInfo.InvariantCulture),
                c.Cpu is { } cpu ? Fraction(cpu) : "-",
                c.Memory is { } memory ? Fraction(memory) : "-",
                c.Members is { } m ? $"{c.HealthyMembers ?? m}/{m}" : "-",
                c.PlacedSinceReport.ToString(CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{c.ReportAgeMs / 1000.0:0.0}s ago"),
                (c.Zone is null ? "-" : TerminalText.Clean(c.Zone)) + (c.ZoneMatch == true ? " (yours)" : string.Empty),
            ]);
        }

        return sb.AppendLine().Append(TextTable.Render(rows)).ToString();
    }

    private static string Fraction(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
