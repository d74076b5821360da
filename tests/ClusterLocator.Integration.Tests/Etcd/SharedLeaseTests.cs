using System.Net.Http.Json;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Locator.Registry.Etcd;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Etcd;

/// <summary>
/// A cluster reports to two locators on etcd; the one that wrote its key last dies. The key must not
/// go with that locator's etcd lease: a third locator, which learns the cluster only from etcd, would
/// see it expire and come back.
/// </summary>
public sealed class SharedLeaseTests
{
    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Every locator's lease, etcd's too: ten reports, so a stall of several seconds on a busy machine
    /// lets no lease run out, and the test sees only what A's death does. B's lease must not be longer
    /// than A's, or B would renew too seldom to keep the key past A's.
    /// </summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task KillTheLocatorThatWroteTheKeyLast_TheKeyStays_AndAThirdLocatorNeverLosesTheCluster()
    {
        await using var etcd = await EtcdProcess.StartAsync();
        var a = CliProcess.Start(["locator", "--urls", "http://127.0.0.1:0", "--report-interval", "1s", "--lease", "10s", "--store", etcd.StoreAddress]);
        await using var killA = a;
        var aUrl = await a.WaitForListeningAsync();
        await using var b = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval, options => options.Lease = Lease);
        await using var c = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval, options => options.Lease = Lease);
        using var toA = new HttpClient { BaseAddress = aUrl, Timeout = TimeSpan.FromSeconds(5) };
        using var keys = EtcdClients.Create(etcd.StoreAddress["etcd://".Length..], tls: null);
        const string Key = "/clusterlocator/clusters/c1";

        // A controller reporting to B only: B writes the key under its lease.
        await using var controller = new Reporter(b.Http);
        await Eventually.HoldsAsync(async () => await c.ClusterAsync("c1") is { State: ClusterStates.Active }, "C to learn the cluster from etcd");
        var created = (await keys.GetAsync(Key).DefaultTimeout()).Kvs.Single();

        // It is configured with A as well: A's first report is a new cluster to A, which writes it.
        controller.AddLocator(toA);
        Mvccpb.KeyValue? written = null;
        await Eventually.HoldsAsync(
            async () => (written = (await keys.GetAsync(Key).DefaultTimeout()).Kvs.Single()).ModRevision > created.ModRevision,
            "A to write the key");

        a.Kill();
        controller.RemoveLocator(toA);

        // etcd checks its leases every half second: the lease and five seconds more is past any time A
        // alone could have held the key by.
        var lost = new List<string>();
        var sinceKill = System.Diagnostics.Stopwatch.StartNew();
        while (sinceKill.Elapsed < Lease + TimeSpan.FromSeconds(5))
        {
            var state = (await c.ClusterAsync("c1"))?.State;
            if (state != ClusterStates.Active)
            {
                lost.Add($"kill + {sinceKill.ElapsedMilliseconds} ms: C listed the cluster as {state ?? "absent"}");
            }

            await Task.Delay(20);
        }

        var now = (await keys.GetAsync(Key).DefaultTimeout()).Kvs.SingleOrDefault();
        Assert.True(now is not null && now.CreateRevision == created.CreateRevision, $"The key was deleted with A's lease and written again (create revision {created.CreateRevision} → {now?.CreateRevision.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}; "
            + $"lease: B wrote under {created.Lease:x}, A under {written!.Lease:x}, now {now?.Lease:x}). C: {string.Join("; ", lost.Take(5))}");
        Assert.Empty(lost);
        Assert.Equal(ClusterStates.Active, (await b.ClusterAsync("c1"))?.State);
    }

    /// <summary>
    /// A controller's reports: one loop per locator, as the controller has, so a dead locator does
    /// not delay the others. The test adds and removes locators.
    /// </summary>
    private sealed class Reporter : IAsyncDisposable
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<HttpClient, (CancellationTokenSource Stop, Task Loop)> _loops = [];
        private long _seq;

        public Reporter(HttpClient locator) => AddLocator(locator);

        public void AddLocator(HttpClient locator)
        {
            var stop = new CancellationTokenSource();
            lock (_gate)
            {
                _loops.Add(locator, (stop, Task.Run(() => ReportAsync(locator, stop.Token))));
            }
        }

        public void RemoveLocator(HttpClient locator)
        {
            lock (_gate)
            {
                if (_loops.Remove(locator, out var loop))
                {
                    // Not awaited: a report to a dead locator may take its timeout to fail.
                    loop.Stop.Cancel();
                }
            }
        }

        private async Task ReportAsync(HttpClient locator, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                // The same load every time: no locator rewrites the key for a change of health.
                var report = Reports.Create(seq: Interlocked.Increment(ref _seq));
                try
                {
                    using var response = await locator.PutAsJsonAsync("v1/clusters/c1", report, ProtocolJsonContext.Default.ClusterReport, stop);
                    response.EnsureSuccessStatusCode();
                    await Task.Delay(ReportInterval, stop);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (HttpRequestException)
                {
                    // A locator that died; the test removes it.
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            (CancellationTokenSource Stop, Task Loop)[] loops;
            lock (_gate)
            {
                loops = [.. _loops.Values];
                _loops.Clear();
            }

            foreach (var (stop, _) in loops)
            {
                await stop.CancelAsync();
            }

            await Task.WhenAll(loops.Select(l => l.Loop)).DefaultTimeout();
            foreach (var (stop, _) in loops)
            {
                stop.Dispose();
            }
        }
    }
}
