using System.Diagnostics;
using System.Text.Json;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Locator.Sharing;
using ClusterLocator.Testing;
using dotnet_etcd;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterLocator.Integration.Tests.Etcd;

/// <summary>
/// Locators on one real etcd find each other with no configuration: each announces the URL it is
/// reached at under <c>{prefix}locators/</c> and lists the others as its peers, which share their
/// placement counts. A locator that stops leaves the lists at once; one that dies, within its lease.
/// </summary>
public sealed class EtcdPeerDirectoryTests
{
    private static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Well beyond what any step here waits: a peer gone sooner was withdrawn, not expired.</summary>
    private static readonly TimeSpan LongLease = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a step may take on a busy 2-core machine (the waits end as soon as the condition holds):
    /// a few etcd round trips and a watch event, each call bounded by its 2 s deadline, and retries.
    /// </summary>
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TwoLocatorsOnOneEtcd_SeeEachOthersUrl_NeverTheirOwn()
    {
        await using var etcd = await EtcdProcess.StartAsync();
        await using var a = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval);
        await using var b = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval);

        await Eventually.HoldsAsync(() => PeersOf(a).SequenceEqual([b.BaseAddress]), $"A to list B ({b.BaseAddress}) as its one peer", Step);
        await Eventually.HoldsAsync(() => PeersOf(b).SequenceEqual([a.BaseAddress]), $"B to list A ({a.BaseAddress}) as its one peer", Step);
    }

    [Fact]
    public async Task LiveLocator_KeepsItsKeyFarBeyondItsLease()
    {
        // A 6 s lease, renewed every 2 s: a stalled machine has 4 s of room before the key would go.
        var lease = TimeSpan.FromSeconds(6);
        await using var etcd = await EtcdProcess.StartAsync();
        await using var a = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval, options => options.Lease = lease);
        var client = a.Services.GetRequiredService<EtcdClient>();
        Mvccpb.KeyValue? key = null;
        await Eventually.HoldsAsync(async () => (key = (await client.GetRangeAsync("/clusterlocator/locators/")).Kvs.SingleOrDefault()) is not null, "A to announce itself", Step);

        // Over more than two leases the key stays, the one first written, so the lease is renewed.
        var watching = Stopwatch.StartNew();
        while (watching.Elapsed < (lease * 2) + TimeSpan.FromSeconds(2))
        {
            var now = (await client.GetRangeAsync("/clusterlocator/locators/").DefaultTimeout()).Kvs.SingleOrDefault();
            Assert.True(now is not null && now.CreateRevision == key!.CreateRevision, $"{watching.ElapsedMilliseconds} ms after A announced itself, its key was {(now is null ? "gone" : "written anew")}: its lease was not renewed.");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task LocatorStoppedGracefully_LeavesItsPeersListAtOnce()
    {
        void Long(ClusterLocator.Locator.LocatorOptions options) => options.Lease = LongLease;
        await using var etcd = await EtcdProcess.StartAsync();
        await using var a = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval, Long);
        var b = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval, Long);
        await Eventually.HoldsAsync(() => PeersOf(a).Contains(b.BaseAddress), "A to list B as a peer", Step);

        await b.DisposeAsync();

        await Eventually.HoldsAsync(() => PeersOf(a).Count == 0, $"A to drop B, which stopped, long before its {LongLease.TotalSeconds:0}s lease", Step);
    }

    [Fact]
    public async Task LocatorKilled_LeavesItsPeersListWithinItsLease()
    {
        await using var etcd = await EtcdProcess.StartAsync();

        // A in its own process, so that it can die as a process does: no shutdown, no lease renewed.
        // Its lease is 10 s, and so is its key's in etcd, renewed every third of it.
        var a = CliProcess.Start(["locator", "--urls", "http://127.0.0.1:0", "--report-interval", "1s", "--lease", "10s", "--store", etcd.StoreAddress]);
        try
        {
            var aUrl = await a.WaitForListeningAsync();
            await using var b = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval);
            await Eventually.HoldsAsync(() => PeersOf(b).SequenceEqual([aUrl]), $"B to list A ({aUrl}) as its peer", Step);

            a.Kill();
            var killed = Stopwatch.StartNew();

            // etcd checks its leases every half second; the rest is slack for a busy machine. The last
            // renewal came at most a third of the lease before the kill, so the key lives 6 s more at least.
            await Eventually.HoldsAsync(() => PeersOf(b).Count == 0, "B to drop A, killed, once A's lease ran out", TimeSpan.FromSeconds(10) + Step);
            Assert.True(killed.Elapsed > TimeSpan.FromSeconds(3), $"B dropped A {killed.ElapsedMilliseconds} ms after it was killed: nothing could have told B but the lease running out, which takes 6 to 10 s.");
        }
        finally
        {
            await a.DisposeAsync();
        }
    }

    [Fact]
    public async Task WithoutAUrlPeersReach_NothingIsAnnounced_AndAConfiguredOneIs()
    {
        static void OnLocalhost(ClusterLocator.Locator.LocatorOptions options)
        {
            // localhost is no address another machine reaches, so it is never announced by default.
            options.Urls.Clear();
            options.Urls.Add($"http://localhost:{LoopbackPorts.Free()}");
        }

        await using var etcd = await EtcdProcess.StartAsync();
        await using var quiet = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval, OnLocalhost);
        await using var natted = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval, options =>
        {
            OnLocalhost(options);
            options.AdvertiseUrl = "http://192.0.2.10:7400";
        });
        await using var observer = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval);

        var natUrl = new Uri("http://192.0.2.10:7400/");
        await Eventually.HoldsAsync(() => PeersOf(quiet).Select(url => url.ToString()).Order().SequenceEqual(new[] { natUrl.ToString(), observer.BaseAddress.ToString() }.Order()), "the quiet locator to list the two others", Step);
        Assert.Equal([natUrl], PeersOf(observer));

        // The quiet locator chose at start not to announce itself: etcd holds the two others' keys only.
        var keys = await quiet.Services.GetRequiredService<EtcdClient>().GetRangeAsync("/clusterlocator/locators/").DefaultTimeout();
        Assert.Equal(
            new[] { natUrl.ToString(), observer.BaseAddress.ToString() }.Order(),
            keys.Kvs.Select(kv => JsonDocument.Parse(kv.Value.Memory).RootElement.GetProperty("url").GetString()).Order());
    }

    [Fact]
    public async Task OwnKeyDeleted_IsAnnouncedAgain()
    {
        await using var etcd = await EtcdProcess.StartAsync();
        await using var a = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval);
        await using var b = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval);
        await Eventually.HoldsAsync(() => PeersOf(b).Contains(a.BaseAddress), "B to list A as a peer", Step);
        var client = b.Services.GetRequiredService<EtcdClient>();

        // An operator, or a tool, deletes every locator's key.
        var deleted = await client.DeleteRangeAsync("/clusterlocator/locators/").DefaultTimeout();

        await Eventually.HoldsAsync(
            async () => (await client.GetRangeAsync("/clusterlocator/locators/")).Kvs.Count(kv => kv.CreateRevision > deleted.Header.Revision && kv.Lease != 0) == 2,
            "both locators to write their keys again, each under a lease",
            Step);
        await Eventually.HoldsAsync(() => PeersOf(b).SequenceEqual([a.BaseAddress]) && PeersOf(a).SequenceEqual([b.BaseAddress]), "each to list the other again", Step);
    }

    [Fact]
    public async Task LocatorStartedWhileEtcdIsDown_IsFoundOnceEtcdIsBack()
    {
        // A lease of 3 s, not the 750 ms that follows from the report interval: a lease that short runs
        // out on a busy machine while the locators reconnect, and their keys then churn (written anew,
        // expired again) instead of staying put. It also caps the announcement's retry backoff at a
        // third of it, 1 s.
        static void Lease(ClusterLocator.Locator.LocatorOptions options) => options.Lease = TimeSpan.FromSeconds(3);
        await using var etcd = await EtcdProcess.StartAsync();
        await using var a = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval, Lease);
        await etcd.KillAsync();

        await using var b = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval, Lease);
        await etcd.RestartAsync();

        // Once etcd is back: the channel reconnects within 1 s (its reconnect backoff cap), B's announcement
        // retries within 1 s and its first read within 1 s, A's watch reopens within 2 s (the stream
        // backoff cap), each call taking at most 2 s: about 5 s at worst, so 10 s is a bound, not a hope.
        await Eventually.HoldsAsync(() => PeersOf(a).SequenceEqual([b.BaseAddress]), "A to find B, which started during the outage", TimeSpan.FromSeconds(10));
        await Eventually.HoldsAsync(() => PeersOf(b).SequenceEqual([a.BaseAddress]), "B to find A once etcd is back", TimeSpan.FromSeconds(10));
    }

    private static IReadOnlyList<Uri> PeersOf(SystemClockLocator locator) => locator.Services.GetRequiredService<IPeerDirectory>().Peers;
}
