using System.Net;
using System.Net.Http.Json;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Locator.Registry.Etcd;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;

namespace ClusterLocator.Integration.Tests.Etcd;

/// <summary>
/// etcd out of space (its NOSPACE alarm, raised at <c>--quota-backend-bytes</c>) used to look like
/// "etcd unavailable" and every write was retried at once. Now the locator says etcd is full and what
/// to do, refuses reports with 503 and that reason, and goes on placing on the clusters it knows.
/// </summary>
public sealed class EtcdFullTests
{
    private const long Quota = 1024 * 1024;
    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task EtcdFull_ReportsAre503WithTheFix_StatusSaysFull_AndKnownClustersAreStillPlaced()
    {
        await using var etcd = await EtcdProcess.StartAsync(quotaBytes: Quota);
        await using var locator = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval, options => options.Lease = TimeSpan.FromSeconds(60));
        await locator.RegisterAsync("c1", Reports.Create(seq: 1));
        using var keys = EtcdClients.Create(etcd.StoreAddress["etcd://".Length..], tls: null);
        await Eventually.HoldsAsync(async () => (await keys.GetAsync("/clusterlocator/clusters/c1").DefaultTimeout()).Count == 1, "c1 to be written to etcd", TimeSpan.FromSeconds(10));

        // Something else fills etcd up to its quota.
        var filler = ByteString.CopyFrom(new byte[96 * 1024]);
        for (var i = 0; ; i++)
        {
            Assert.True(i < 100, "etcd never said it was full.");
            try
            {
                await keys.PutAsync(new PutRequest { Key = ByteString.CopyFromUtf8($"/filler/{i}"), Value = filler }).DefaultTimeout();
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
            {
                break;
            }
        }

        // The cluster goes on reporting, its load moving so that each report is written: the first
        // write after etcd filled up is refused, and from then on the reports are answered 503.
        var seq = 1L;
        var answer = string.Empty;
        await Eventually.HoldsAsync(
            async () =>
            {
                seq++;
                var report = Reports.Create(seq: seq, sessions: (int)(seq % 2) * 500);
                using var response = await locator.Http.PutAsJsonAsync("v1/clusters/c1", report, ProtocolJsonContext.Default.ClusterReport).DefaultTimeout();
                answer = await response.Content.ReadAsStringAsync();
                return response.StatusCode == HttpStatusCode.ServiceUnavailable;
            },
            "a report to be refused because etcd is full",
            TimeSpan.FromSeconds(15));
        Assert.Contains("etcd is out of space", answer, StringComparison.Ordinal);
        Assert.Contains("etcdctl alarm disarm", answer, StringComparison.Ordinal);

        var store = (await locator.StatusAsync()).Store;
        Assert.False(store.Healthy);
        Assert.Contains("database space exceeded", store.Problem, StringComparison.Ordinal);
        Assert.Contains("compact", store.Problem, StringComparison.Ordinal);

        var (placement, status, body) = await locator.LocateAsync("service=erp");
        Assert.True(placement?.ClusterId == "c1", $"Locate answered {(int)status}: {body}");
    }
}
