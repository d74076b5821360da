using System.Diagnostics;
using ClusterLocator.Client;
using ClusterLocator.Integration.Tests.EndToEnd;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Etcd;

/// <summary>
/// Locator A is killed (SIGKILL) while clients open sessions through the SDK configured with A and
/// B: not one session fails. On etcd, and on two memory-store locators that the controller reports
/// to both.
/// </summary>
public sealed class LocatorFailoverTests
{
    /// <summary>
    /// A lease of 3 s (etcd's too). Nothing here waits for a lease: the SDK moves to B at once. With
    /// 250 ms (1 s in etcd) a second's stall of a busy machine can let the cluster's lease run out,
    /// and a session would find it expired.
    /// </summary>
    private const string ReportInterval = "1s";
    private const int Workers = 4;

    [Theory]
    [InlineData("etcd")]
    [InlineData("memory")]
    public async Task KillLocatorA_DuringSdkWorkload_NoSessionFails(string store)
    {
        await using var etcd = store == "etcd" ? await EtcdProcess.StartAsync() : null;
        var storeAddress = etcd?.StoreAddress ?? "memory";

        // A in its own process, so it can die as a process does; B in this one.
        var a = CliProcess.Start(["locator", "--urls", "http://127.0.0.1:0", "--report-interval", ReportInterval, "--warm-up", "0s", "--store", storeAddress]);
        try
        {
            await RunAsync(a, storeAddress);
        }
        finally
        {
            // Disposing kills A; it may be dead already.
            await a.DisposeAsync();
        }
    }

    private static async Task RunAsync(CliProcess a, string storeAddress)
    {
        var aUrl = await a.WaitForListeningAsync();
        await using var b = await SystemClockLocator.StartAsync(storeAddress, TimeSpan.FromSeconds(1), options => options.WarmUp = TimeSpan.Zero);
        await using var echo = EchoServer.Start();
        await using var controller = await TestController.StartAsync(options =>
        {
            options.Members.Add(echo.Address);
            options.Locators.Add(aUrl);
            options.Locators.Add(b.BaseAddress);
        });

        using (var http = new HttpClient { BaseAddress = aUrl, Timeout = TimeSpan.FromSeconds(5) })
        {
            await Eventually.HoldsAsync(
                async () =>
                {
                    using var response = await http.GetAsync("v1/locate?service=erp").DefaultTimeout();
                    return response.IsSuccessStatusCode;
                },
                "A to place on the cluster");
        }

        await Eventually.HoldsAsync(async () => (await b.LocateAsync("service=erp")).Placement is not null, "B to place on the cluster");
        using var client = new LocatorClient(new LocatorClientOptions { Locators = { aUrl, b.BaseAddress }, CachePlacements = false });
        Assert.Equal("c1", (await client.LocateAsync("erp").DefaultTimeout()).ClusterId);
        Assert.Equal(aUrl, client.PreferredLocator);

        var clock = Stopwatch.StartNew();
        await using var workload = SessionWorkload.Start(client, "erp", Workers, clock);
        await Eventually.HoldsAsync(() => workload.Completed >= 8, "sessions to complete through A", TimeSpan.FromSeconds(10));

        a.Kill();
        var killedAt = clock.Elapsed;
        await Eventually.HoldsAsync(
            () => workload.Sessions.Count(s => s.Started > killedAt) >= 12,
            "sessions started after A was killed to complete",
            TimeSpan.FromSeconds(15));
        var sessions = await workload.StopAsync();

        var failed = sessions.Where(s => s.Failure is not null).ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} of {sessions.Count} sessions failed: {string.Join("; ", failed.Take(5).Select(s => s.Failure))}");
        Assert.Equal(b.BaseAddress, client.PreferredLocator);
    }
}
