using System.Net;
using System.Security.Cryptography.X509Certificates;
using ClusterLocator.Client;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Tls;

/// <summary>
/// The controller's HTTP front door over TLS (<c>--listen https://</c> with <c>--tls-cert</c>/<c>--tls-key</c>):
/// it serves the member's answer to a client that trusts its CA, advertises the <c>https://</c> URL,
/// and the SDK's HTTP handler reaches the member through it; unusable files stop the CLI with exit 2.
/// </summary>
public sealed class FrontDoorTlsTests : IDisposable
{
    private readonly TestCertificates _certificates = TestCertificates.Create();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public async Task HttpsFrontDoor_ServesTheMember_IsAdvertisedAsHttps_AndTheSdkReachesTheMemberThroughIt()
    {
        await using var locator = await TestLocator.StartAsync();
        await using var member = await HttpMember.StartAsync("m1");
        await using var controller = await StartHttpsControllerAsync(member, locator.BaseAddress);
        Assert.Equal("https", controller.HttpAddress!.Scheme);

        using (var direct = new HttpClient(TrustingTheCa()) { BaseAddress = controller.HttpAddress, Timeout = TimeoutExtensions.DefaultTimeoutTimeSpan })
        using (var response = await direct.PostAsync("orders/7", new StringContent("over tls")).DefaultTimeout())
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("m1 POST /orders/7 over tls", await response.Content.ReadAsStringAsync());
        }

        ClusterView? view = null;
        await Eventually.HoldsAsync(async () => (view = await locator.ClusterAsync("c1")) is not null, "the controller to register");
        var endpoint = Assert.Single(view!.Endpoints);
        Assert.Equal(Protocols.Http, endpoint.Protocol);
        Assert.Equal($"https://127.0.0.1:{controller.HttpAddress.Port}", endpoint.Address);

        using var client = new LocatorClient([locator.BaseAddress]);
        using var http = new HttpClient(new ClusterLocatorHttpHandler(client, "erp") { InnerHandler = TrustingTheCa() }) { BaseAddress = new Uri("http://erp/") };
        using var placed = await http.GetAsync("invoices?year=2026").DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, placed.StatusCode);
        Assert.Equal("m1 GET /invoices?year=2026 ", await placed.Content.ReadAsStringAsync());
        Assert.Equal(2, member.Requests);
    }

    [Fact]
    public async Task HttpsFrontDoor_ClientNotTrustingTheCa_FailsTheHandshake_AndReachesNoMember()
    {
        await using var member = await HttpMember.StartAsync("m1");
        await using var controller = await StartHttpsControllerAsync(member, LoopbackPorts.DeadUrl());
        using var untrusting = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = controller.HttpAddress };

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync("orders").DefaultTimeout());
        Assert.IsAssignableFrom<System.Security.Authentication.AuthenticationException>(ex.InnerException);
        Assert.Equal(0, member.Requests);
    }

    [Fact]
    public async Task Cli_HttpsListenWithoutCertificate_Exits2NamingTlsCert()
    {
        var (code, _, stderr) = await RunControllerAsync("https://127.0.0.1:0");

        Assert.Equal(2, code);
        Assert.Contains("--tls-cert", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("ControllerOptions.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_CertificateWithHttpListen_Exits2SayingItWouldServeNothing()
    {
        var (code, _, stderr) = await RunControllerAsync("http://127.0.0.1:0", "--tls-cert", _certificates.ServerCertFile, "--tls-key", _certificates.ServerKeyFile);

        Assert.Equal(2, code);
        Assert.Contains("--tls-cert", stderr, StringComparison.Ordinal);
        Assert.Contains("serve nothing", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_KeyWithoutCertificate_Exits2NamingBothFlags()
    {
        var (code, _, stderr) = await RunControllerAsync("https://127.0.0.1:0", "--tls-key", _certificates.ServerKeyFile);

        Assert.Equal(2, code);
        Assert.Contains("--tls-key is given without --tls-cert", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_MissingCertificateFile_Exits2NamingTlsCert()
    {
        var missing = Path.Combine(_certificates.Directory, "missing.pem");

        var (code, _, stderr) = await RunControllerAsync("https://127.0.0.1:0", "--tls-cert", missing, "--tls-key", _certificates.ServerKeyFile);

        Assert.Equal(2, code);
        Assert.Contains($"--tls-cert '{missing}' does not exist", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_UnusableFiles_Exit2NamingTheFlagAndTheFix()
    {
        // Read when the controller is built: a key file given as the certificate, then the client's key for the server's certificate.
        var notACertificate = await RunControllerAsync("https://127.0.0.1:0", "--tls-cert", _certificates.ServerKeyFile, "--tls-key", _certificates.ServerKeyFile);
        var otherKey = await RunControllerAsync("https://127.0.0.1:0", "--tls-cert", _certificates.ServerCertFile, "--tls-key", _certificates.ClientKeyFile);
        var clientCertificate = await RunControllerAsync("https://127.0.0.1:0", "--tls-cert", _certificates.ClientCertFile, "--tls-key", _certificates.ClientKeyFile);

        Assert.Equal(2, notACertificate.ExitCode);
        Assert.Contains("--tls-cert", notACertificate.Stderr, StringComparison.Ordinal);
        Assert.Contains("holds no PEM certificate", notACertificate.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, otherKey.ExitCode);
        Assert.Contains("--tls-key", otherKey.Stderr, StringComparison.Ordinal);
        Assert.Contains("is not the private key of the certificate in --tls-cert", otherKey.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, clientCertificate.ExitCode);
        Assert.Contains("is not a server certificate", clientCertificate.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("ControllerOptions.", notACertificate.Stderr + otherKey.Stderr + clientCertificate.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A controller whose one front door is https:// on 127.0.0.1, over <paramref name="member"/>, reporting to <paramref name="locator"/>.</summary>
    private Task<TestController> StartHttpsControllerAsync(HttpMember member, Uri locator) =>
        TestController.StartAsync(
            options =>
            {
                options.Listen.Add(new Uri("https://127.0.0.1:0"));
                options.FrontDoorTlsCert = _certificates.ServerCertFile;
                options.FrontDoorTlsKey = _certificates.ServerKeyFile;
                options.Members.Add(member.Address);
                options.HealthPath = HttpMember.HealthPath;
                options.Locators.Add(locator);
            },
            tcp: false);

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunControllerAsync(string listen, params string[] tls) =>
        CliProcess.RunAsync(
        [
            "controller", "--cluster", "a", "--service", "erp", "--capacity", "10",
            "--listen", listen, "--member", "127.0.0.1:7001", "--locator", LoopbackPorts.DeadUrl().ToString(),
            .. tls,
        ]);

    /// <summary>A handler that trusts the test CA instead of the machine's store; the host name is still checked.</summary>
    private SocketsHttpHandler TrustingTheCa()
    {
        var handler = new SocketsHttpHandler { UseProxy = false };
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificateFromFile(_certificates.CaFile));
        handler.SslOptions.CertificateChainPolicy = policy;
        return handler;
    }
}
