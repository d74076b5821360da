using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Telemetry;

/// <summary>
/// What a locator exports at <c>/metrics</c>: the latency histograms, the runtime's and Kestrel's
/// meters, and labels that do not collide with Prometheus' own (<c>service_name</c>, <c>cluster_id</c>).
/// </summary>
public sealed partial class LocatorMetricsTests
{
    [Fact]
    public async Task Metrics_AfterReportAndLocate_HaveTheLatencyHistogramsAndRuntimeMeters()
    {
        var text = await ScrapeAfterALocateAsync(
            text => Scrape.Value(text, "clusterlocator_locate_duration_seconds_count") >= 1 && Scrape.Value(text, "clusterlocator_report_duration_seconds_count") >= 1,
            "both latency histograms to count a sample");

        Assert.NotNull(Scrape.Value(text, "clusterlocator_locate_duration_seconds_bucket", "le=\"0.001\""));
        Assert.NotNull(Scrape.Value(text, "clusterlocator_locate_duration_seconds_sum"));
        Assert.Contains("dotnet_gc_heap_total_allocated_bytes_total", Scrape.SeriesNames(text));
        Assert.Contains("kestrel_active_connections", Scrape.SeriesNames(text));
    }

    [Fact]
    public async Task Metrics_PerClusterSeries_AreLabelledServiceNameAndClusterId()
    {
        var text = await ScrapeAfterALocateAsync(
            text => Scrape.Value(text, "clusterlocator_placements_total", "cluster_id=\"a\"", "service_name=\"erp\"") == 1,
            "the placement to show with service_name and cluster_id");

        Assert.InRange(Scrape.Value(text, "clusterlocator_cluster_health", "cluster_id=\"a\"", "service_name=\"erp\"") ?? -1, 0.5, 1);
        Assert.DoesNotMatch(OldLabel(), text);
    }

    [Fact]
    public async Task LocateDuration_ReadByNameWithAMeterListener_RecordsEachLocate()
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("a", Reports.Create());
        var recorded = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "ClusterLocator.Locator" && instrument.Name == "clusterlocator.locate.duration" && instrument.Unit == "s")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, seconds, _, _) =>
        {
            if (seconds >= 0)
            {
                Interlocked.Increment(ref recorded);
            }
        });
        listener.Start();

        await locator.LocateOkAsync("service=erp");

        // Other tests' locators share the process and may add theirs; this one's is there at least.
        Assert.True(Volatile.Read(ref recorded) >= 1, "The locate was not recorded in clusterlocator.locate.duration.");
    }

    /// <summary>Registers cluster a of erp, places a session on it, and scrapes until <paramref name="holds"/>.</summary>
    private static async Task<string> ScrapeAfterALocateAsync(Func<string, bool> holds, string what)
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("a", Reports.Create());
        await locator.LocateOkAsync("service=erp");
        var text = string.Empty;
        await Eventually.HoldsAsync(
            async () =>
            {
                text = await locator.Http.GetStringAsync("metrics").DefaultTimeout();
                return holds(text);
            },
            what);
        return text;
    }

    [GeneratedRegex(@"^clusterlocator_[a-z_]+\{[^}]*\b(service|cluster)=""", RegexOptions.Multiline)]
    private static partial Regex OldLabel();
}
