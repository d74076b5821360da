using System.Globalization;
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

        return TextTable.Render(rows);
    }

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";
}
