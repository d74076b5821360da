using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.Extensions.Time.Testing;
using static ClusterLocator.Client.Tests.LocatorAnswers;

namespace ClusterLocator.Client.Tests;

public sealed class LocatorClientCachingTests
{
    private readonly FakeHttpServers _locators = new();
    private readonly FakeTimeProvider _time = new();
    private readonly FakeClusterDialer _dialer = new();

    private LocatorClient NewClient(bool cache = true) =>
        TestClients.Create(_locators, _time, _dialer, o => o.CachePlacements = cache, A);

    [Fact]
    public async Task Locate_SameRequestWithinTtl_IsAnsweredFromTheCache_AndAskedAgainAfter()
    {
        var answers = 0;
        _locators.Answer(A, _ => Placement(++answers == 1 ? "a" : "b", ttlMs: 5000));
        using var client = NewClient();

        var first = await client.LocateAsync("erp").DefaultTimeout();
        _time.Advance(TimeSpan.FromMilliseconds(4999));
        var cached = await client.LocateAsync("erp").DefaultTimeout();
        Assert.Single(_locators.Requests);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        var fresh = await client.LocateAsync("erp").DefaultTimeout();

        Assert.Equal("a", first.ClusterId);
        Assert.Equal(first, cached);
        Assert.Equal("b", fresh.ClusterId);
        Assert.Equal(2, _locators.Requests.Count);
    }

    [Fact]
    public async Task Locate_DifferentServiceZoneKeyExcludeOrProtocol_AreSeparateEntries()
    {
        // Placed on the protocol asked: a placement of another protocol is refused.
        _locators.Answer(A, FirstEligible("a"));
        using var client = NewClient();
        (string Service, LocateOptions Options)[] requests =
        [
            ("erp", LocateOptions.None),
            ("crm", LocateOptions.None),
            ("erp", new LocateOptions { Zone = "eu-1" }),
            ("erp", new LocateOptions { Key = "user-7" }),
            ("erp", new LocateOptions { Key = "user-8" }),
            ("erp", new LocateOptions { Exclude = ["b"] }),
            ("erp", new LocateOptions { Protocol = Protocols.Http }),
        ];

        for (var round = 0; round < 2; round++)
        {
            foreach (var (service, options) in requests)
            {
                await client.LocateAsync(service, options).DefaultTimeout();
            }
        }

        // Each request asked once; its repeat came from its own entry.
        Assert.Equal(requests.Length, _locators.Requests.Count);
    }

    [Fact]
    public async Task Locate_CachingOff_AlwaysAsksTheLocator()
    {
        _locators.Answer(A, _ => Placement("a", ttlMs: 60_000));
        using var client = NewClient(cache: false);

        await client.LocateAsync("erp").DefaultTimeout();
        await client.LocateAsync("erp").DefaultTimeout();

        Assert.Equal(2, _locators.Requests.Count);
    }

    [Fact]
    public async Task Locate_TtlZero_IsNotCached()
    {
        _locators.Answer(A, _ => Placement("a", ttlMs: 0));
        using var client = NewClient();

        await client.LocateAsync("erp").DefaultTimeout();
        await client.LocateAsync("erp").DefaultTimeout();

        Assert.Equal(2, _locators.Requests.Count);
    }

    [Fact]
    public async Task Locate_NoEligibleCluster_IsNotCached()
    {
        _locators.Answer(A, _ => NoEligible());
        using var client = NewClient();
        await Assert.ThrowsAsync<NoEligibleClusterException>(() => client.LocateAsync("erp").DefaultTimeout());

        _locators.Answer(A, _ => Placement("a"));
        var placement = await client.LocateAsync("erp").DefaultTimeout();

        Assert.Equal("a", placement.ClusterId);
    }

    [Fact]
    public async Task ConnectTcp_CachedPlacementIsUsed_AndDroppedWhenItsClusterRefuses()
    {
        _locators.Answer(A, FirstEligible("a", "b"));
        using var client = NewClient();
        var cached = await client.LocateAsync("erp", new LocateOptions { Protocol = Protocols.Tcp }).DefaultTimeout();
        Assert.Equal("a", cached.ClusterId);
        _dialer.Refuse(TcpAddress("a"));

        await using (var connection = await client.ConnectTcpAsync("erp").DefaultTimeout())
        {
            Assert.Equal("b", connection.Placement.ClusterId);
        }

        // The connect took "a" from the cache (no second plain request), then asked with "a" excluded.
        Assert.Equal([null, "a"], _locators.Requests.Select(r => r.Query("exclude")));

        // "a" refused a session: its placement is gone, so the next locate asks the locator.
        await client.LocateAsync("erp", new LocateOptions { Protocol = Protocols.Tcp }).DefaultTimeout();
        Assert.Equal(3, _locators.Requests.Count);
    }
}
