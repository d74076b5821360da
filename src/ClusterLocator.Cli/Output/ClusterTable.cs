using System.Globalization;
using System.Text;
using ClusterLocator.Protocol;

namespace ClusterLocator.Cli.Output;

/// <summary>Renders a cluster list as an aligned text table for people; what came off the wire is made inert (<see cref="TerminalText"/>).</summary>
internal static class ClusterTable
{
    private static readonly string[] Headers = ["CLUSTER", "SERVICE", "STATE", "HEALTH", "SESSIONS", "CAPACITY", "MEMBERS", "ZONE", "REPORTED", "PLACED", "ENDPOINTS"];

    public static string Render(ClusterList list)
    {
        if (list.Clusters.Count == 0)
        {
            return "No cluster is registered." + Environment.NewLine;
        }

        var rows = new List<string[]> { Headers };
        foreach (var c in list.Clusters)
        {
            rows.Add(
            [
                TerminalText.Clean(c.ClusterId),
                TerminalText.Clean(c.Service),
                TerminalText.Clean(c.State) + (c.Eligible || c.State != ClusterStates.Active ? string.Empty : " (ineligible)"),
                c.Health.ToString("0.000", CultureInfo.InvariantCulture),
                Number(c.Load.Sessions),
                Number(c.Load.Capacity),
                c.Load.Members is { } m ? $"{c.Load.HealthyMembers ?? m}/{m}" : "-",
                c.Zone is null ? "-" : TerminalText.Clean(c.Zone),
                string.Create(CultureInfo.InvariantCulture, $"{c.LastReportAgeMs / 1000.0:0.0}s ago"),
                c.PlacedSinceReport.ToString(CultureInfo.InvariantCulture),
                TerminalText.Clean(string.Join(", ", c.Endpoints.Select(e => $"{e.Protocol} {e.Address}"))),
            ]);
        }

        var widths = Enumerable.Range(0, Headers.Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                sb.Append(i == row.Length - 1 ? row[i] : row[i].PadRight(widths[i] + 2));
            }

            sb.AppendLine();
        }

        return sb.ToString();
    }

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";
}
