using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ClusterLocator.Controller;
using ClusterLocator.Controller.Hosting;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Locator.Security;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Integration.Tests.Tls;

/// <summary>
/// <c>--client-ca</c> with a credential by <c>certificateSubject</c>: a client certificate from the CA
/// whose subject is listed writes what its credential covers; one from another CA fails the TLS
/// handshake; a client with a bearer token and no certificate is still served.
/// </summary>
public sealed class ClientCertificateCredentialsTests : IAsyncLifetime, IDisposable
{
    private const string ClientSubject = "CN=clusterlocator test locator";
    private const string ErpToken = "erp-token-0123456789abcdef";

    private readonly TestCertificates _certificates = TestCertificates.Create();
    private TestLocator _locator = null!;

    public async Task InitializeAsync()
    {
        var credentials = _certificates.Write("credentials.json", $$"""
            { "credentials": [
                { "name": "crm-site-b", "certificateSubject": "{{ClientSubject}}", "services": ["crm"] },
                { "name": "erp-controllers", "tokenSha256": "{{CredentialSet.Digest(ErpToken)}}", "services": ["erp"] } ] }
            """);
        _locator = await TestLocator.StartAsync(
            options =>
            {
                options.Urls.Clear();
                options.Urls.Add("https://127.0.0.1:0");
                options.TlsCert = _certificates.ServerCertFile;
                options.TlsKey = _certificates.ServerKeyFile;
                options.ClientCa = _certificates.CaFile;
                options.CredentialsFile = credentials;
                options.ReportInterval = TimeSpan.FromMilliseconds(100);
            },
            handler: TlsLoopback.Trusting(_certificates.CaFile));
    }

    public async Task DisposeAsync() => await _locator.DisposeAsync();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public async Task ListedCertificate_RegistersWhatItCovers_AndGets403Elsewhere()
    {
        using var http = Presenting(_certificates.ClientCertFile, _certificates.ClientKeyFile);

        using var covered = await ReportAsync(http, "crm-1", "crm");
        using var outside = await ReportAsync(http, "erp-1", "erp");

        Assert.Equal(HttpStatusCode.OK, covered.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
        var problem = await _locator.ProblemAsync(outside);
        Assert.Contains("'crm-site-b' covers services crm; clusters *", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(["crm-1"], (await _locator.ClustersAsync()).Clusters.Select(c => c.ClusterId));
    }

    [Fact]
    public async Task TokenClient_WithoutACertificate_IsStillServed_AndNeitherIsNeeded401()
    {
        using var token = await _locator.ReportAsync("erp-1", Reports.Create(service: "erp"), ErpToken);
        using var none = await _locator.ReportAsync("crm-1", Reports.Create(service: "crm"));

        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(["erp-1"], (await _locator.ClustersAsync()).Clusters.Select(c => c.ClusterId));
    }

    [Fact]
    public async Task CertificateFromAnotherCa_WithAListedSubject_FailsTheHandshake_AndRegistersNothing()
    {
        var (certFile, keyFile) = SelfSigned(ClientSubject);
        using var http = Presenting(certFile, keyFile);

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => ReportAsync(http, "crm-1", "crm"));

        Assert.Empty((await _locator.ClustersAsync()).Clusters);
    }

    [Fact]
    public async Task Controller_WithAListedClientCertificate_Registers()
    {
        await using var member = EchoServer.Start();
        using var host = await TlsLoopback.StartControllerAsync(_certificates, "crm-2", "crm", _locator.BaseAddress, member.Address);

        await Eventually.HoldsAsync(
            async () => (await _locator.ClustersAsync()).Clusters.Any(c => c.ClusterId == "crm-2"),
            "the controller to register with its client certificate");

        await host.StopAsync().DefaultTimeout();
    }

    private HttpClient Presenting(string certFile, string keyFile)
    {
        var handler = TlsLoopback.Trusting(_certificates.CaFile);
        handler.SslOptions.ClientCertificates = [X509Certificate2.CreateFromPemFile(certFile, keyFile)];
        return new HttpClient(handler) { BaseAddress = _locator.BaseAddress };
    }

    private static async Task<HttpResponseMessage> ReportAsync(HttpClient http, string clusterId, string service) =>
        await http.PutAsJsonAsync($"v1/clusters/{clusterId}", Reports.Create(service: service), ProtocolJsonContext.Default.ClusterReport).DefaultTimeout();

    /// <summary>A client certificate with <paramref name="subject"/> that no CA the locator trusts issued.</summary>
    private (string CertFile, string KeyFile) SelfSigned(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1));
        return (_certificates.Write("rogue.pem", certificate.ExportCertificatePem()), _certificates.Write("rogue-key.pem", key.ExportPkcs8PrivateKeyPem()));
    }
}
