using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Locator;
using ClusterLocator.Locator.Security;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Etcd;

/// <summary>
/// With a shared etcd registry, the owner travels with the cluster's record: a cluster registered
/// through locator A with one credential cannot be taken over through locator B with another.
/// </summary>
public sealed class EtcdOwnershipTests
{
    private static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(500);
    private const string OwnerToken = "owner-token-0123456789abcdef";
    private const string OtherToken = "other-token-0123456789abcdef";

    [Fact]
    public async Task ClusterRegisteredThroughA_CannotBeReplacedOrRemovedThroughB_WithAnotherCredential()
    {
        var directory = Directory.CreateTempSubdirectory("credentials-").FullName;
        try
        {
            var file = Path.Combine(directory, "credentials.json");
            await File.WriteAllTextAsync(file, $$"""
                { "credentials": [
                    { "name": "erp-a", "tokenSha256": "{{CredentialSet.Digest(OwnerToken)}}", "services": ["erp"] },
                    { "name": "erp-b", "tokenSha256": "{{CredentialSet.Digest(OtherToken)}}", "services": ["erp"] } ] }
                """);
            await using var etcd = await EtcdProcess.StartAsync();

            // A long lease: once the key expired, ownership would no longer guard it, and a stalled
            // machine could let B's takeover in for the wrong reason.
            void Configure(LocatorOptions options)
            {
                options.CredentialsFile = file;
                options.Lease = TimeSpan.FromSeconds(60);
            }

            await using var a = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval, Configure);
            await using var b = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval, Configure);

            using (var put = await SendAsync(a, HttpMethod.Put, "v1/clusters/c1", OwnerToken, Reports.Create(service: "erp", tcp: "10.0.0.1:9001")))
            {
                Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            }

            await Eventually.HoldsAsync(async () => await b.ClusterAsync("c1") is { Owner: "erp-a" }, "B to know the cluster and its owner");

            using (var takeover = await SendAsync(b, HttpMethod.Put, "v1/clusters/c1", OtherToken, Reports.Create(service: "erp", incarnation: "rogue", tcp: "10.6.6.6:9001")))
            {
                Assert.Equal(HttpStatusCode.Forbidden, takeover.StatusCode);
            }

            using (var delete = await SendAsync(b, HttpMethod.Delete, "v1/clusters/c1?incarnation=inc-1", OtherToken, report: null))
            {
                Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
            }

            Assert.Equal("10.0.0.1:9001", (await b.ClusterAsync("c1"))!.Endpoints.Single().Address);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Task<HttpResponseMessage> SendAsync(SystemClockLocator locator, HttpMethod method, string path, string token, ClusterReport? report)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (report is not null)
        {
            request.Content = JsonContent.Create(report, ProtocolJsonContext.Default.ClusterReport);
        }

        return locator.Http.SendAsync(request).DefaultTimeout();
    }
}
