using ClusterLocator.Cli.Output;
using ClusterLocator.Protocol;

namespace ClusterLocator.Cli.Tests.Output;

public sealed class ClusterTableTests
{
    [Fact]
    public void Render_Empty_SaysNoCluster()
    {
        Assert.StartsWith("No cluster is registered.", ClusterTable.Render(new ClusterList([])), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Clusters_AlignsColumnsUnderHeaders()
    {
        var list = new ClusterList(
        [
            View("a", ClusterStates.Active, 0.82, eligible: true),
            View("a-much-longer-id", ClusterStates.Draining, 0.5, eligible: false),
        ]);

        var lines = ClusterTable.Render(list).Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(3, lines.Length);
        var serviceColumn = lines[0].IndexOf("SERVICE", StringComparison.Ordinal);
        Assert.All(lines.Skip(1), line => Assert.Equal("erp", line.Substring(serviceColumn, 3)));
        Assert.Contains("0.820", lines[1], StringComparison.Ordinal);
        Assert.Contains("3/4", lines[1], StringComparison.Ordinal);
        Assert.Contains("tcp 127.0.0.1:9001", lines[1], StringComparison.Ordinal);
        Assert.Contains("draining", lines[2], StringComparison.Ordinal);
    }

    private static ClusterView View(string id, string state, double health, bool eligible) => new()
    {
        ClusterId = id,
        Service = "erp",
        State = state,
        Health = health,
        Eligible = eligible,
        LastReportAgeMs = 300,
        PlacedSinceReport = 4,
        Endpoints = [new ClusterEndpoint(Protocols.Tcp, "127.0.0.1:9001")],
        Load = new ClusterLoad { Sessions = 120, Capacity = 1000, HealthyMembers = 3, Members = 4 },
    };
}
