using System.Text.RegularExpressions;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Etcd;

/// <summary>
/// Operators alert on <c>clusterlocator_store_healthy</c>. The locator runs as its own process: the
/// metric is per process, and in-process test locators would share one meter.
/// </summary>
public sealed partial class StoreMetricTests
{
    [Fact]
    public async Task StoreHealthyMetric_IsZeroWhileEtcdIsFrozen_AndOneAgainAfter()
    {
        await using var etcd = await EtcdProcess.StartAsync();
        await using var locator = CliProcess.Start(["locator", "--urls", "http://127.0.0.1:0", "--store", etcd.StoreAddress]);
        using var http = new HttpClient { BaseAddress = await locator.WaitForListeningAsync(), Timeout = TimeoutExtensions.DefaultTimeoutTimeSpan };
        await Eventually.HoldsAsync(async () => Healthy(await http.GetStringAsync("metrics")) == "1", "the metric to say etcd is reachable");

        etcd.Pause();
        try
        {
            await Eventually.HoldsAsync(async () => Healthy(await http.GetStringAsync("metrics")) == "0", "the metric to say etcd cannot be reached", TimeSpan.FromSeconds(10));
        }
        finally
        {
            etcd.Resume();
        }

        await Eventually.HoldsAsync(async () => Healthy(await http.GetStringAsync("metrics")) == "1", "the metric to say etcd is reachable again", TimeSpan.FromSeconds(10));
    }

    private static string? Healthy(string metrics)
    {
        var match = HealthyLine().Match(metrics);
        return match.Success ? match.Groups["value"].Value : null;
    }

    [GeneratedRegex("""^clusterlocator_store_healthy\{[^}]*store="etcd"[^}]*\} (?<value>\d)""", RegexOptions.Multiline)]
    private static partial Regex HealthyLine();
}
