using System.Diagnostics;
using System.Net;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Etcd;

/// <summary>
/// etcd hung (SIGSTOP) or dead (SIGKILL) for a few seconds: the locators keep answering from what
/// they know, say the answers are stale and why, stay ready, and catch up when etcd returns.
/// </summary>
public sealed class EtcdOutageTests
{
    private static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(4);

    /// <summary>Within a few seconds: two 1 s watch heartbeats or one 2 s call deadline, and slack.</summary>
    private static readonly TimeSpan Detection = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The usual bound of a wait: a restarted etcd is seen within a second or two on an idle machine,
    /// but once in a whole-suite run on 2 busy cores a locator took longer than 10 s to call it healthy.
    /// </summary>
    private static readonly TimeSpan Recovery = TimeoutExtensions.DefaultTimeoutTimeSpan;

    [Theory]
    [InlineData("frozen")]
    [InlineData("killed")]
    public async Task Outage_LocatorsAnswerStaleAndStayReady_ThenNewRegistrationsAppearEverywhere(string outage)
    {
        await using var etcd = await EtcdProcess.StartAsync();
        await using var a = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval);
        await using var b = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval);
        SystemClockLocator[] both = [a, b];
        await using var echo = EchoServer.Start();
        await using var c1 = await StartControllerAsync("c1", echo, a);
        foreach (var locator in both)
        {
            await Eventually.HoldsAsync(async () => (await locator.LocateAsync("service=erp")).Placement is { ClusterId: "c1", Stale: false }, $"{locator.BaseAddress} to place on c1");
        }

        var down = Stopwatch.StartNew();
        if (outage == "frozen")
        {
            etcd.Pause();
        }
        else
        {
            await etcd.KillAsync();
        }

        // Every locate during the outage is answered, by both; once the outage is seen, as stale.
        var seen = new HashSet<SystemClockLocator>();
        var problems = new Dictionary<SystemClockLocator, string>();
        var locates = 0;
        while (down.Elapsed < Outage || seen.Count < both.Length)
        {
            Assert.True(down.Elapsed < Detection, $"After {Detection.TotalSeconds} s of etcd {outage}, only {seen.Count} of 2 locators said so.");
            foreach (var locator in both)
            {
                // The status first: once it says unhealthy, every later placement must be stale.
                var store = (await locator.StatusAsync()).Store;
                var (placement, status, body) = await locator.LocateAsync("service=erp");
                locates++;
                Assert.True(placement is { ClusterId: "c1" }, $"{down.Elapsed.TotalSeconds:0.0} s into the outage, {locator.BaseAddress} answered {(int)status}: {body}");
                Assert.Equal(HttpStatusCode.OK, await locator.ReadyzAsync());
                if (!store.Healthy)
                {
                    Assert.False(string.IsNullOrEmpty(store.Problem), $"{locator.BaseAddress} says etcd is unhealthy without saying why.");
                    Assert.True(placement!.Stale, $"{locator.BaseAddress} knows etcd is unhealthy ({store.Problem}) but did not mark the placement stale.");
                    problems[locator] = store.Problem!;
                    seen.Add(locator);
                }
            }

            await Task.Delay(50);
        }

        // A cluster that starts while etcd is away registers through A; it must not be lost.
        await using var c3 = await StartControllerAsync("c3", echo, a);
        if (outage == "frozen")
        {
            etcd.Resume();
        }
        else
        {
            await etcd.RestartAsync();
        }

        foreach (var locator in both)
        {
            await Eventually.HoldsAsync(async () => (await locator.StatusAsync()).Store is { Healthy: true, Problem: null }, $"{locator.BaseAddress} to see etcd healthy again", Recovery);
        }

        await using var c2 = await StartControllerAsync("c2", echo, a);
        foreach (var clusterId in new[] { "c1", "c2", "c3" })
        {
            foreach (var locator in both)
            {
                await Eventually.HoldsAsync(
                    async () => await locator.ClusterAsync(clusterId) is { State: ClusterStates.Active, Eligible: true },
                    $"{clusterId} (reporting to A) to be active at {locator.BaseAddress} after etcd {outage} (problems seen: {string.Join("; ", problems.Values)})",
                    Recovery);
            }
        }

        Assert.True(locates > 20, $"Only {locates} locates were made during the outage.");
        await Eventually.HoldsAsync(async () => (await b.LocateAsync("service=erp")).Placement is { Stale: false }, "B's placements to be fresh again", Recovery);
    }

    private static Task<TestController> StartControllerAsync(string clusterId, EchoServer echo, SystemClockLocator locator) =>
        TestController.StartAsync(options =>
        {
            options.ClusterId = clusterId;
            options.Members.Add(echo.Address);
            options.Locators.Add(locator.BaseAddress);
        });

}
