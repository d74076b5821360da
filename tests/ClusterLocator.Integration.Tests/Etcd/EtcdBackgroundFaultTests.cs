using System.Diagnostics.Metrics;
using System.Net;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Locator.Diagnostics;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Integration.Tests.Etcd;

/// <summary>
/// A bug in the code the etcd watch runs (here a subscriber to the store's changes that throws) used
/// to end the watch for good, silently: the locator went on answering from a snapshot that never
/// changed again. Now the watch restarts, the failure is an error in the log and a count in the
/// metrics, and the locator says it is not ready until the watch runs again.
/// </summary>
public sealed class EtcdBackgroundFaultTests
{
    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task TheWatchThrows_ItRestarts_AnErrorIsLoggedAndCounted_AndReadyzIs503UntilItRunsAgain()
    {
        await using var etcd = await EtcdProcess.StartAsync();
        await using var a = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval);
        await using var b = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval);
        var errors = new RecordedErrors();
        a.Services.GetRequiredService<ILoggerFactory>().AddProvider(errors);
        using var restarts = new RestartCounter(a.Services.GetRequiredService<IMeterFactory>(), LocatorMetrics.MeterName);
        await Eventually.HoldsAsync(async () => await a.ReadyzAsync() == HttpStatusCode.OK, "A to be ready", TimeSpan.FromSeconds(10));

        var faulty = 1;
        a.Services.GetRequiredService<IClusterStore>().Changed += change =>
        {
            if (change.ClusterId == "poison" && Volatile.Read(ref faulty) == 1)
            {
                throw new InvalidOperationException("a subscriber's bug");
            }
        };

        // Registered through B: A sees it on its watch, and the subscriber throws there.
        await b.RegisterAsync("poison", Reports.Create(service: "crm"));
        var reason = string.Empty;
        await Eventually.HoldsAsync(
            async () =>
            {
                using var response = await a.Http.GetAsync("readyz").DefaultTimeout();
                reason = await response.Content.ReadAsStringAsync();
                return response.StatusCode == HttpStatusCode.ServiceUnavailable;
            },
            "A to say it is not ready while its watch is down",
            TimeSpan.FromSeconds(10));
        Assert.Contains("background task etcd-watch failed (a subscriber's bug)", reason, StringComparison.Ordinal);
        Assert.Contains(errors.Entries, e => e.Event == "BackgroundTaskFailed" && e.Message.Contains("a subscriber's bug", StringComparison.Ordinal));
        Assert.True(restarts.Of("etcd-watch") >= 1, "The restart was not counted.");

        // The bug is gone: the watch runs again, reads etcd afresh, and A is ready and places on the cluster.
        Volatile.Write(ref faulty, 0);
        await Eventually.HoldsAsync(async () => await a.ReadyzAsync() == HttpStatusCode.OK, "A to be ready again once its watch runs", TimeSpan.FromSeconds(15));
        var (placement, status, body) = await a.LocateAsync("service=crm");
        Assert.True(placement?.ClusterId == "poison", $"Locate answered {(int)status}: {body}");
        await Eventually.HoldsAsync(() => errors.Count("BackgroundTaskFailed") == restarts.Of("etcd-watch"), "every restart to be both logged and counted");
    }
}
