using System.Net;
using System.Net.Security;
using ClusterLocator.Client;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterLocator.Integration.Tests.Tls;

/// <summary>
/// A locator serving <c>https://</c> with a certificate a private CA issued (<c>--tls-cert</c>,
/// <c>--tls-key</c>): HTTP/1.1 and HTTP/2, the SDK trusting the CA (<c>LocatorCa</c>) or not, and a
/// certificate replaced on disk picked up by new connections without a restart.
/// </summary>
public sealed class LocatorTlsTests : IDisposable
{
    private readonly TestCertificates _certificates = TestCertificates.Create();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public async Task Https_PrivateCaCertificate_AnswersOverHttp11AndHttp2()
    {
        await using var locator = await StartHttpsAsync(_certificates.ServerCertFile, _certificates.ServerKeyFile);
        await locator.RegisterAsync("c1", Reports.Create(tcp: "127.0.0.1:9101"));

        foreach (var version in new[] { HttpVersion.Version11, HttpVersion.Version20 })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "v1/locate?service=erp") { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
            using var response = await locator.Http.SendAsync(request).DefaultTimeout();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(version, response.Version);
        }

        Assert.StartsWith("https://127.0.0.1:", locator.BaseAddress.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sdk_TrustingTheLocatorCa_Locates_AndWithoutIt_FailsNamingLocatorCa()
    {
        await using var locator = await StartHttpsAsync(_certificates.ServerCertFile, _certificates.ServerKeyFile);
        await locator.RegisterAsync("c1", Reports.Create(tcp: "127.0.0.1:9101"));

        var trusting = new LocatorClientOptions { LocatorCa = _certificates.CaFile };
        trusting.Locators.Add(locator.BaseAddress);
        using (var client = new LocatorClient(trusting))
        {
            var placement = await client.LocateAsync("erp").DefaultTimeout();
            Assert.Equal("c1", placement.ClusterId);
        }

        using var untrusting = new LocatorClient([locator.BaseAddress]);
        var ex = await Assert.ThrowsAsync<LocatorUnavailableException>(() => untrusting.LocateAsync("erp").DefaultTimeout());
        Assert.Contains("the TLS handshake failed", ex.Message, StringComparison.Ordinal);
        Assert.Contains("LocatorClientOptions.LocatorCa", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sdk_TrustingAnotherCa_FailsOnTheChain()
    {
        await using var locator = await StartHttpsAsync(_certificates.ServerCertFile, _certificates.ServerKeyFile);
        var options = new LocatorClientOptions { LocatorCa = _certificates.OtherCaFile };
        options.Locators.Add(locator.BaseAddress);
        using var client = new LocatorClient(options);

        var ex = await Assert.ThrowsAsync<LocatorUnavailableException>(() => client.GetClustersAsync().DefaultTimeout());

        Assert.Contains("the TLS handshake failed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sdk_LocatorCaBoundFromConfiguration_LocatesThroughDependencyInjection()
    {
        await using var locator = await StartHttpsAsync(_certificates.ServerCertFile, _certificates.ServerKeyFile);
        await locator.RegisterAsync("c1", Reports.Create(tcp: "127.0.0.1:9101"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ClusterLocator:Locators:0"] = locator.BaseAddress.ToString(),
            ["ClusterLocator:LocatorCa"] = _certificates.CaFile,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddClusterLocatorClient().BindConfiguration("ClusterLocator");
        await using var provider = services.BuildServiceProvider();

        var placement = await provider.GetRequiredService<LocatorClient>().LocateAsync("erp").DefaultTimeout();

        Assert.Equal("c1", placement.ClusterId);
    }

    [Fact]
    public async Task CertificateReplacedOnDisk_NewConnectionsGetTheNewOne_WithoutRestart()
    {
        using var next = TestCertificates.Create();
        var certFile = _certificates.Write("live.pem", File.ReadAllText(_certificates.ServerCertFile));
        var keyFile = _certificates.Write("live-key.pem", File.ReadAllText(_certificates.ServerKeyFile));
        await using var locator = await StartHttpsAsync(certFile, keyFile);
        var first = TlsLoopback.ThumbprintOf(_certificates.ServerCertFile);
        var second = TlsLoopback.ThumbprintOf(next.ServerCertFile);
        Assert.Equal(first, (await TlsLoopback.HandshakeAsync(locator.BaseAddress)).Certificate.Thumbprint);

        // Half replaced: the new certificate next to the old key cannot be served, so the old one stays.
        File.Copy(next.ServerCertFile, certFile, overwrite: true);
        locator.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(first, (await TlsLoopback.HandshakeAsync(locator.BaseAddress)).Certificate.Thumbprint);

        File.Copy(next.ServerKeyFile, keyFile, overwrite: true);
        await Eventually.HoldsAsync(
            async () =>
            {
                // The files are looked at once a second of the locator's clock.
                locator.Time.Advance(TimeSpan.FromSeconds(1));
                return (await TlsLoopback.HandshakeAsync(locator.BaseAddress)).Certificate.Thumbprint == second;
            },
            "a new connection to be shown the certificate written over the old one",
            TimeSpan.FromSeconds(10));

        // HTTP/2 is still offered with the new certificate, and a client trusting the new CA gets answers.
        var (_, protocol) = await TlsLoopback.HandshakeAsync(locator.BaseAddress, SslApplicationProtocol.Http2, SslApplicationProtocol.Http11);
        Assert.Equal(SslApplicationProtocol.Http2, protocol);
        var options = new LocatorClientOptions { LocatorCa = next.CaFile };
        options.Locators.Add(locator.BaseAddress);
        using var client = new LocatorClient(options);
        Assert.Empty((await client.GetClustersAsync().DefaultTimeout()).Clusters);
    }

    private Task<TestLocator> StartHttpsAsync(string certFile, string keyFile) =>
        TestLocator.StartAsync(
            options =>
            {
                options.Urls.Clear();
                options.Urls.Add("https://127.0.0.1:0");
                options.TlsCert = certFile;
                options.TlsKey = keyFile;
            },
            handler: TlsLoopback.Trusting(_certificates.CaFile));
}
