using System.Text.Json;
using System.Text.RegularExpressions;
using ClusterLocator.Controller.Diagnostics;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterLocator.Integration.Tests.Telemetry;

/// <summary>
/// The Grafana dashboard (<c>deploy/grafana/clusterlocator.json</c>) and the alert table of
/// <c>docs/operations.md</c> name only series that a running locator and controller export: a
/// renamed metric or label breaks this test, not an operator's dashboard.
/// </summary>
public sealed partial class GrafanaDashboardTests
{
    /// <summary>Series that appear only once what they count has happened (a background task's bug).</summary>
    private static readonly string[] OnlyAfterAnEvent = ["clusterlocator_background_restarts_total"];

    [Fact]
    public async Task DashboardAndAlerts_NameOnlyExportedSeries()
    {
        var dashboard = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root(), "deploy", "grafana", "clusterlocator.json"));
        var dashboardNames = QueriesOf(JsonDocument.Parse(dashboard).RootElement).SelectMany(MetricNames).ToHashSet(StringComparer.Ordinal);
        var operations = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root(), "docs", "operations.md"));
        var alerts = operations[operations.IndexOf("### What to alert on", StringComparison.Ordinal)..operations.IndexOf("### Grafana dashboard", StringComparison.Ordinal)];
        var alertNames = alerts.Split('\n').Where(line => line.StartsWith('|')).SelectMany(MetricNames).ToHashSet(StringComparer.Ordinal);
        Assert.True(dashboardNames.Count >= 15, string.Join(", ", dashboardNames));
        Assert.True(alertNames.Count >= 8, string.Join(", ", alertNames));

        var exported = await ExportedSeriesAsync();

        var notExported = dashboardNames.Where(name => !exported.Contains(name)).ToList();
        Assert.True(notExported.Count == 0, $"The dashboard names series nobody exports: {string.Join(", ", notExported)}.");
        notExported = [.. alertNames.Where(name => !exported.Contains(name) && !OnlyAfterAnEvent.Contains(name))];
        Assert.True(notExported.Count == 0, $"The alert table names series nobody exports: {string.Join(", ", notExported)}.");
    }

    /// <summary>Every series of a locator and a controller that have seen a report, locates (one past the client's share), a session and a refusal.</summary>
    private static async Task<HashSet<string>> ExportedSeriesAsync()
    {
        await using var locator = await TestLocator.StartAsync(options => options.ClientPlacementShare = 0.001);
        await using var member = EchoServer.Start();
        await using var controller = await TestController.StartAsync(options =>
        {
            options.Members.Add(member.Address);
            options.Locators.Add(locator.BaseAddress);
            options.MaxSessions = 1;
            options.MaxSessionsPerClient = 0;
            options.AdminUrls.Add("http://127.0.0.1:0");
        });
        await Eventually.HoldsAsync(async () => (await locator.ClustersAsync()).Clusters.Count == 1, "the controller to register");
        await locator.LocateOkAsync("service=erp");
        await locator.LocateOkAsync("service=erp");
        using var session = await LoopbackSocket.ConnectAsync(controller.TcpEndPoint!);
        await session.AssertEchoesAsync("hello");
        await LoopbackSocket.AssertTurnedAwayAsync(controller.TcpEndPoint!, TimeSpan.FromSeconds(10));
        using var admin = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = new Uri(controller.Services.GetRequiredService<AdminListener>().Addresses[0] + "/"),
        };

        var exported = new HashSet<string>(StringComparer.Ordinal);
        await Eventually.HoldsAsync(
            async () =>
            {
                exported.UnionWith(Scrape.SeriesNames(await locator.Http.GetStringAsync("metrics").DefaultTimeout()));
                exported.UnionWith(Scrape.SeriesNames(await admin.GetStringAsync("metrics").DefaultTimeout()));
                return exported.Contains("clusterlocator_placements_not_counted_total") && exported.Contains("clusterlocator_controller_report_duration_seconds_count");
            },
            "the locator and the controller to export what they counted");
        return exported;
    }

    private static IEnumerable<string> QueriesOf(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name is "expr" or "definition" && property.Value.ValueKind == JsonValueKind.String)
                {
                    yield return property.Value.GetString()!;
                }

                foreach (var query in QueriesOf(property.Value))
                {
                    yield return query;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var query in element.EnumerateArray().SelectMany(QueriesOf))
            {
                yield return query;
            }
        }
    }

    private static IEnumerable<string> MetricNames(string query) => MetricName().Matches(query).Select(m => m.Value);

    [GeneratedRegex(@"\b(?:clusterlocator|dotnet|kestrel)_[a-z0-9_]+\b")]
    private static partial Regex MetricName();
}
