using System.Net;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Locator.Registry.Etcd;
using ClusterLocator.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterLocator.Integration.Tests.Etcd;

/// <summary>
/// A <c>DELETE</c> of a cluster etcd does not hold used to write a deregistration marker (a key, a
/// revision) all the same: a loop of them grows etcd's history. Now nothing is written.
/// </summary>
public sealed class EtcdUnknownDeleteTests
{
    private const string Prefix = "/clusterlocator/clusters/";
    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task DeleteOfAnUnknownId_WritesNothing_WhileADeleteOfAKnownOneDoes()
    {
        await using var etcd = await EtcdProcess.StartAsync();
        await using var locator = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval, options => options.Lease = TimeSpan.FromSeconds(60));
        using var keys = EtcdClients.Create(etcd.StoreAddress["etcd://".Length..], tls: null);
        await locator.RegisterAsync("c1", Reports.Create(incarnation: "inc-1"));
        await Eventually.HoldsAsync(async () => (await keys.GetRangeAsync(Prefix).DefaultTimeout()).Count == 1, "c1 to be written to etcd", TimeSpan.FromSeconds(10));

        // The locator announces itself to its peers once, beside the clusters: that write is done first.
        await Eventually.HoldsAsync(async () => (await keys.GetRangeAsync("/clusterlocator/locators/").DefaultTimeout()).Count == 1, "the locator to announce itself", TimeSpan.FromSeconds(10));
        var before = await keys.GetRangeAsync(Prefix).DefaultTimeout();

        // Through the API, and straight to the store, as for a cluster listed after its key expired.
        using (var response = await locator.Http.DeleteAsync("v1/clusters/ghost?incarnation=inc-1").DefaultTimeout())
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        await locator.Services.GetRequiredService<IClusterStore>().DeleteAsync("ghost", ifCurrent: null, CancellationToken.None).AsTask().DefaultTimeout();

        var after = await keys.GetRangeAsync(Prefix).DefaultTimeout();
        Assert.Equal(before.Header.Revision, after.Header.Revision);
        Assert.Equal(before.Count, after.Count);

        // A known cluster is still deregistered: the marker, then the deletion.
        using (var response = await locator.Http.DeleteAsync("v1/clusters/c1?incarnation=inc-1").DefaultTimeout())
        {
            Assert.True(response.IsSuccessStatusCode, $"Deregistering c1 answered {(int)response.StatusCode}.");
        }

        var gone = await keys.GetRangeAsync(Prefix).DefaultTimeout();
        Assert.Equal(0, gone.Count);
        Assert.True(gone.Header.Revision >= before.Header.Revision + 2, $"Revision {gone.Header.Revision} after deregistering c1 from {before.Header.Revision}.");
    }
}
