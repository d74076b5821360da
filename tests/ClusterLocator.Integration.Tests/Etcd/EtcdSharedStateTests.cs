using System.Diagnostics;
using System.Net;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Etcd;

/// <summary>Two locators on one real etcd: what one learns, the other knows; what etcd expires, both expire.</summary>
public sealed class EtcdSharedStateTests
{
    private static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// For tests of a cluster registered once that must stay alive while they look at it: a lease of
    /// three report intervals would end in under a second of a stalled machine.
    /// </summary>
    private static void LongLease(ClusterLocator.Locator.LocatorOptions options) => options.Lease = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Register_ThroughLocatorA_IsLocatedThroughLocatorB()
    {
        await using var etcd = await EtcdProcess.StartAsync();
        await using var a = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval, LongLease);
        await using var b = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval, LongLease);

        await a.RegisterAsync("c1", Reports.Create(tcp: "127.0.0.1:9101"));

        LocateResponse? placement = null;
        await Eventually.HoldsAsync(
            async () => (placement = (await b.LocateAsync("service=erp")).Placement) is not null,
            "locator B to place a session on the cluster registered through A");
        Assert.Equal("c1", placement!.ClusterId);
        Assert.Equal("127.0.0.1:9101", placement.Address);
        Assert.False(placement.Stale, "etcd is up, yet B marked the placement stale.");
    }

    [Fact]
    public async Task Deregister_ThroughLocatorA_LeavesLocatorBsListNotAsExpired()
    {
        await using var etcd = await EtcdProcess.StartAsync();
        await using var a = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval, LongLease);
        await using var b = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval, LongLease);
        await a.RegisterAsync("c1", Reports.Create(service: "hr"));
        await Eventually.HoldsAsync(async () => await b.ClusterAsync("c1") is { State: ClusterStates.Active }, "B to list the cluster registered through A");

        using var deleted = await a.Http.DeleteAsync("v1/clusters/c1?incarnation=inc-1").DefaultTimeout();
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        // A deregistered cluster leaves the list at once; an expired one would stay for a minute, and
        // with the 60 s lease none expires during the test.
        await Eventually.HoldsAsync(async () => await b.ClusterAsync("c1") is null, "B to drop the cluster deregistered through A");
    }

    [Fact]
    public async Task Expiry_ClusterStopsReporting_ExpiresOnBothLocatorsWithinTheLease()
    {
        await using var etcd = await EtcdProcess.StartAsync();
        await using var a = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval);
        await using var b = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval);
        await a.RegisterAsync("c1", Reports.Create(service: "crm"));
        var registered = Stopwatch.StartNew();

        // B may first see it active or, on a stalled machine, already expired: either way it learnt it from etcd.
        await Eventually.HoldsAsync(async () => await b.ClusterAsync("c1") is not null, "B to list the cluster registered through A");

        // Nothing reports again. etcd's lease is the locator lease rounded up to whole seconds (1 s),
        // and etcd checks its leases every half second; the rest is slack for a busy machine.
        var lease = a.Options.ReportInterval * 3;
        var limit = TimeSpan.FromSeconds(Math.Ceiling(lease.TotalSeconds)) + TimeSpan.FromSeconds(10);
        foreach (var locator in new[] { a, b })
        {
            await Eventually.HoldsAsync(
                async () => await locator.ClusterAsync("c1") is { State: ClusterStates.Expired },
                $"the silent cluster to show as expired at {locator.BaseAddress}",
                limit - registered.Elapsed);
            var (placement, status, body) = await locator.LocateAsync("service=crm");
            Assert.True(status == HttpStatusCode.ServiceUnavailable, $"{locator.BaseAddress} still placed on the expired cluster: {(int)status} {body}");
            Assert.Null(placement);
        }
    }

    [Fact]
    public async Task Restart_LocatorOnEtcd_IsReadyAtOnceWithTheClustersAlreadyThere()
    {
        // A long lease: a memory-store locator would warm up for it, 60 s. One on etcd must not.
        await using var etcd = await EtcdProcess.StartAsync();
        await using var a = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval, LongLease);
        var b = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval, LongLease);
        await using var echo = EchoServer.Start();
        await using var controller = await TestController.StartAsync(options =>
        {
            options.Members.Add(echo.Address);
            options.Locators.Add(a.BaseAddress);
        });
        await Eventually.HoldsAsync(async () => (await b.LocateAsync("service=erp")).Placement is not null, "B to place on the cluster reporting to A");

        await b.DisposeAsync();
        var restarted = Stopwatch.StartNew();
        await using var newB = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval, LongLease);
        await Eventually.HoldsAsync(
            async () => await newB.ReadyzAsync() == HttpStatusCode.OK,
            "the restarted locator to be ready (no warm-up with etcd: a warm-up would take the 60 s lease)");
        var ready = restarted.Elapsed;

        // Ready means it has read etcd: the first locate already knows the cluster.
        var (placement, status, body) = await newB.LocateAsync("service=erp");
        Assert.True(placement is { ClusterId: "c1", Stale: false }, $"The restarted locator was ready after {ready.TotalMilliseconds:0} ms but answered {(int)status}: {body}");
        Assert.True((await newB.StatusAsync()).Ready);
    }
}
