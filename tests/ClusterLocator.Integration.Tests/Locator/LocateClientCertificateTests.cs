using System.Net;
using System.Security.Cryptography.X509Certificates;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Locator;

/// <summary>
/// <c>--client-credentials</c> with a <c>certificateSubject</c> under <c>--client-ca</c>: a client
/// presenting that certificate locates the services its credential names, and is its own client for
/// the placement share, apart from every other client of the same address.
/// </summary>
public sealed class LocateClientCertificateTests : IAsyncLifetime, IDisposable
{
    private const string ClientSubject = "CN=clusterlocator test locator";
    private readonly TestCertificates _certificates = TestCertificates.Create();
    private TestLocator _locator = null!;

    public async Task InitializeAsync()
    {
        var clients = _certificates.Write("clients.json", $$"""
            { "credentials": [ { "name": "erp-by-certificate", "certificateSubject": "{{ClientSubject}}", "services": ["erp"] } ] }
            """);
        _locator = await TestLocator.StartAsync(
            options =>
            {
                options.Urls.Clear();
                options.Urls.Add("https://127.0.0.1:0");
                options.TlsCert = _certificates.ServerCertFile;
                options.TlsKey = _certificates.ServerKeyFile;
                options.ClientCa = _certificates.CaFile;
                options.ClientCredentials = clients;
            },
            handler: TlsLoopback.Trusting(_certificates.CaFile));
        await _locator.RegisterAsync("erp-1", Reports.Create(service: "erp", sessions: 0, capacity: 100));
        await _locator.RegisterAsync("crm-1", Reports.Create(service: "crm"));
    }

    public async Task DisposeAsync() => await _locator.DisposeAsync();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public async Task ACertificateClient_LocatesWhatItsCredentialCovers_And403Elsewhere_AndWithoutOne401()
    {
        using var presenting = Presenting();

        using var erp = await presenting.GetAsync("v1/locate?service=erp").DefaultTimeout();
        using var crm = await presenting.GetAsync("v1/locate?service=crm").DefaultTimeout();
        using var anonymous = await _locator.LocateAsync("service=erp");

        Assert.Equal(HttpStatusCode.OK, erp.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, crm.StatusCode);
        Assert.Contains("'erp-by-certificate' may locate the services erp", (await _locator.ProblemAsync(crm)).Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task ACertificateClientFloodingLocates_CountsOnlyItsShare()
    {
        using var presenting = Presenting();

        for (var i = 0; i < 50; i++)
        {
            using var response = await presenting.GetAsync("v1/locate?service=erp").DefaultTimeout();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(10, (await _locator.ClustersAsync()).Clusters.Single(c => c.ClusterId == "erp-1").PlacedSinceReport);
    }

    private HttpClient Presenting()
    {
        var handler = TlsLoopback.Trusting(_certificates.CaFile);
        handler.SslOptions.ClientCertificates = [X509Certificate2.CreateFromPemFile(_certificates.ClientCertFile, _certificates.ClientKeyFile)];
        return new HttpClient(handler) { BaseAddress = _locator.BaseAddress, Timeout = TimeoutExtensions.DefaultTimeoutTimeSpan };
    }
}
