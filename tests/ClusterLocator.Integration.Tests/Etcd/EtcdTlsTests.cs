using System.Net;
using System.Net.Http.Json;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Locator;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Etcd;

/// <summary>
/// Locators on a real etcd that serves TLS only and requires client certificates
/// (<c>--client-cert-auth</c>), all issued by a private CA: with <c>--store-ca</c>,
/// <c>--store-cert</c> and <c>--store-key</c> they share the registry; without the right
/// certificates they are not ready and say why.
/// </summary>
public sealed class EtcdTlsTests
{
    private const string TlsFailure = "the TLS handshake with etcd failed: ";

    private static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>One 2 s call deadline and a retry, with slack for a busy machine.</summary>
    private static readonly TimeSpan Detection = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task PrivateCaAndClientCertificate_RegisterThroughLocatorA_IsLocatedThroughLocatorB()
    {
        using var certificates = TestCertificates.Create();
        await using var etcd = await EtcdProcess.StartAsync(certificates);
        void Trusted(LocatorOptions options)
        {
            UseCertificates(options, certificates, certificates.CaFile, clientCertificate: true);

            // Registered once, the cluster must outlive a stalled machine while B looks for it.
            options.Lease = TimeSpan.FromSeconds(60);
        }

        await using var a = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval, Trusted);
        await using var b = await SystemClockLocator.StartAsync(etcd.StoreAddress, ReportInterval, Trusted);

        await a.RegisterAsync("c1", Reports.Create(tcp: "127.0.0.1:9101"));

        LocateResponse? placement = null;
        await Eventually.HoldsAsync(
            async () => (placement = (await b.LocateAsync("service=erp")).Placement) is not null,
            "locator B to place a session on the cluster registered through A over TLS");
        Assert.Equal("c1", placement!.ClusterId);
        Assert.Equal("127.0.0.1:9101", placement.Address);
        Assert.False(placement.Stale, "etcd is up, yet B marked the placement stale.");
        foreach (var locator in new[] { a, b })
        {
            var store = (await locator.StatusAsync()).Store;
            Assert.True(store.Healthy, $"{locator.BaseAddress} says etcd is unhealthy over TLS: {store.Problem}");
        }
    }

    [Fact]
    public async Task NoClientCertificate_LocatorIsNotReady_AndStatusSaysTheTlsHandshakeFailed()
    {
        using var certificates = TestCertificates.Create();
        var problem = await RefusedStoreProblemAsync(certificates, certificates.CaFile, clientCertificate: false);

        Assert.Contains("client certificate", problem, StringComparison.Ordinal);
        Assert.Contains("--store-cert", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrustingAnotherCa_LocatorIsNotReady_AndStatusSaysTheServerCertificateChainIsRefused()
    {
        using var certificates = TestCertificates.Create();
        var problem = await RefusedStoreProblemAsync(certificates, certificates.OtherCaFile, clientCertificate: true);

        // With only the other CA to build on, the chain ends at etcd's issuer: "PartialChain".
        Assert.Contains("certificate chain", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerCertificateForAnotherAddress_LocatorIsNotReady_AndStatusNamesTheMismatch()
    {
        // Issued by the trusted CA, but for 127.0.0.2: the host name check must still refuse it.
        using var certificates = TestCertificates.Create(serverAddress: "127.0.0.2");
        var problem = await RefusedStoreProblemAsync(certificates, certificates.CaFile, clientCertificate: true);

        Assert.Contains("RemoteCertificateNameMismatch", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_StoreTlsFilesFromEnvironment_LocatorReadsEtcdAndIsReady()
    {
        using var certificates = TestCertificates.Create();
        await using var etcd = await EtcdProcess.StartAsync(certificates);
        await using var locator = CliProcess.Start(
            ["locator", "--urls", "http://127.0.0.1:0", "--store", etcd.StoreAddress],
            new Dictionary<string, string>
            {
                ["CLUSTERLOCATOR_LOCATOR__STORECA"] = certificates.CaFile,
                ["CLUSTERLOCATOR_LOCATOR__STORECERT"] = certificates.ClientCertFile,
                ["CLUSTERLOCATOR_LOCATOR__STOREKEY"] = certificates.ClientKeyFile,
            });
        var url = await locator.WaitForListeningAsync();
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeoutExtensions.DefaultTimeoutTimeSpan };

        await Eventually.HoldsAsync(
            async () =>
            {
                using var ready = await http.GetAsync("readyz");
                return ready.StatusCode == HttpStatusCode.OK;
            },
            "the CLI locator to read etcd over TLS and be ready",
            Detection);
        var status = await http.GetFromJsonAsync("v1/status", ProtocolJsonContext.Default.LocatorStatus).DefaultTimeout();
        Assert.True(status!.Store is { Kind: "etcd", Healthy: true }, $"The store is {status.Store}. stderr: {locator.Stderr}");
    }

    private static void UseCertificates(LocatorOptions options, TestCertificates certificates, string caFile, bool clientCertificate)
    {
        options.StoreCa = caFile;
        if (clientCertificate)
        {
            options.StoreCert = certificates.ClientCertFile;
            options.StoreKey = certificates.ClientKeyFile;
        }
    }

    /// <summary>
    /// Starts a TLS etcd made from <paramref name="certificates"/> and a locator trusting
    /// <paramref name="caFile"/>; waits until the locator has tried etcd and failed, checks it is not
    /// ready and that its stated problem names the TLS handshake, and returns that problem.
    /// </summary>
    private static async Task<string> RefusedStoreProblemAsync(TestCertificates certificates, string caFile, bool clientCertificate)
    {
        await using var etcd = await EtcdProcess.StartAsync(certificates);
        await using var locator = await SystemClockLocator.StartAsync(
            etcd.StoreAddress,
            ReportInterval,
            options => UseCertificates(options, certificates, caFile, clientCertificate));

        StoreStatus? store = null;
        await Eventually.HoldsAsync(
            async () => (store = (await locator.StatusAsync()).Store) is { Healthy: false, Problem: not (null or "connecting") },
            "the locator to report why etcd refused it",
            Detection);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await locator.ReadyzAsync());
        Assert.False((await locator.StatusAsync()).Ready, "The locator says it is ready though it never read etcd.");
        var problem = store!.Problem!;
        Assert.True(problem.StartsWith(TlsFailure, StringComparison.Ordinal), $"The problem does not name the TLS handshake: {problem}");
        return problem;
    }
}
