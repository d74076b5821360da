using ClusterLocator.Testing;

namespace ClusterLocator.Cli.Tests.Commands;

/// <summary>
/// The TLS flags of the locator (<c>--tls-cert</c>, <c>--tls-key</c>) and of its clients
/// (<c>--locator-ca</c>, <c>--tls-client-cert</c>, <c>--tls-client-key</c>): bad usage and bad files
/// exit 2 naming the flag and the fix, never an option property.
/// </summary>
public sealed class TlsFlagsTests : IDisposable
{
    private readonly TestCertificates _certificates = TestCertificates.Create();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public async Task Locator_HttpsUrlWithoutCertificate_Exits2NamingTlsCertAndTlsKey()
    {
        var (code, stderr) = await CliRun.RunAsync("locator", "--urls", "https://127.0.0.1:0");

        Assert.Equal(2, code);
        Assert.Contains("error: --urls 'https://127.0.0.1:0' is https:// but the locator has no certificate: give --tls-cert and --tls-key (PEM files), or use http://.", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("LocatorOptions.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locator_CertificateWithoutHttpsUrl_Exits2()
    {
        var (code, stderr) = await CliRun.RunAsync("locator", "--tls-cert", _certificates.ServerCertFile, "--tls-key", _certificates.ServerKeyFile);

        Assert.Equal(2, code);
        Assert.Contains("error: --tls-cert is given but no --urls is https://", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locator_TlsCertWithoutKey_Exits2()
    {
        var (code, stderr) = await CliRun.RunAsync("locator", "--urls", "https://127.0.0.1:0", "--tls-cert", _certificates.ServerCertFile);

        Assert.Equal(2, code);
        Assert.Contains("error: --tls-cert is given without --tls-key", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locator_MissingCertificateFile_Exits2NamingTheFlagAndThePath()
    {
        var missing = Path.Combine(_certificates.Directory, "missing.pem");

        var (code, stderr) = await CliRun.RunAsync("locator", "--urls", "https://127.0.0.1:0", "--tls-cert", missing, "--tls-key", _certificates.ServerKeyFile);

        Assert.Equal(2, code);
        Assert.Contains($"error: --tls-cert '{missing}' does not exist: give the path of a PEM file that the locator's user can read.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locator_KeyOfAnotherCertificate_Exits2NamingTlsKey()
    {
        var (code, stderr) = await CliRun.RunAsync("locator", "--urls", "https://127.0.0.1:0", "--tls-cert", _certificates.ServerCertFile, "--tls-key", _certificates.ClientKeyFile);

        Assert.Equal(2, code);
        Assert.Contains($"error: --tls-key '{_certificates.ClientKeyFile}' is not the private key of the certificate in --tls-cert '{_certificates.ServerCertFile}'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locator_ClientCertificateAsServerCertificate_Exits2SayingServerAuth()
    {
        var (code, stderr) = await CliRun.RunAsync("locator", "--urls", "https://127.0.0.1:0", "--tls-cert", _certificates.ClientCertFile, "--tls-key", _certificates.ClientKeyFile);

        Assert.Equal(2, code);
        Assert.Contains($"error: --tls-cert '{_certificates.ClientCertFile}' is not a server certificate (its extended key usage lacks serverAuth)", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("locate")]
    [InlineData("clusters")]
    [InlineData("connect")]
    public async Task Client_MissingLocatorCa_Exits2NamingLocatorCa(string command)
    {
        var missing = Path.Combine(_certificates.Directory, "missing.pem");

        var (code, stderr) = await CliRun.RunAsync(command, "--locator", "https://127.0.0.1:1", "--service", "erp", "--locator-ca", missing);

        Assert.Equal(2, code);
        Assert.Contains($"error: --locator-ca '{missing}' does not exist", stderr, StringComparison.Ordinal);
        Assert.Contains($"clusterlocator {command} --help", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("LocatorClientOptions.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_LocatorCaWithoutPem_Exits2SayingItHoldsNoCertificate()
    {
        var notPem = _certificates.Write("ca.txt", "not a certificate\n");

        var (code, stderr) = await CliRun.RunAsync("locate", "--locator", "https://127.0.0.1:1", "--service", "erp", "--locator-ca", notPem);

        Assert.Equal(2, code);
        Assert.Contains($"error: --locator-ca '{notPem}' holds no PEM certificate", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_KeyWithoutCertificateAndHttpLocator_Exits2ListingBoth()
    {
        var (code, stderr) = await CliRun.RunAsync("clusters", "--locator", "http://127.0.0.1:1", "--tls-client-key", _certificates.ClientKeyFile);

        Assert.Equal(2, code);
        Assert.Contains("error: --tls-client-key is given without --tls-client-cert", stderr, StringComparison.Ordinal);
        Assert.Contains("and no --locator is https://", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Controller_CertificateWithoutKey_Exits2NamingTheFlags()
    {
        var (code, stderr) = await CliRun.RunAsync(
            "controller", "--cluster", "a", "--service", "erp", "--capacity", "10", "--listen", "tcp://127.0.0.1:0", "--member", "127.0.0.1:1",
            "--locator", "https://127.0.0.1:1", "--tls-client-cert", _certificates.ClientCertFile);

        Assert.Equal(2, code);
        Assert.Contains("error: --tls-client-cert is given without --tls-client-key", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("ControllerOptions.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Controller_LocatorCaWithoutPem_Exits2NamingLocatorCa()
    {
        var notPem = _certificates.Write("ca.txt", "not a certificate\n");

        var (code, stderr) = await CliRun.RunAsync(
            "controller", "--cluster", "a", "--service", "erp", "--capacity", "10", "--listen", "tcp://127.0.0.1:0", "--member", "127.0.0.1:1",
            "--locator", "https://127.0.0.1:1", "--locator-ca", notPem);

        Assert.Equal(2, code);
        Assert.Contains($"error: --locator-ca '{notPem}' holds no PEM certificate", stderr, StringComparison.Ordinal);
    }
}
