using ClusterLocator.Testing;

namespace ClusterLocator.Cli.Tests.Commands;

/// <summary>
/// The locator's <c>--client-ca</c> and the <c>certificateSubject</c> credentials that need it: bad
/// usage exits 2 naming the flag and the fix.
/// </summary>
public sealed class ClientCaFlagTests : IDisposable
{
    private readonly TestCertificates _certificates = TestCertificates.Create();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public async Task Locator_ClientCaWithoutHttps_Exits2NamingTheTlsFlags()
    {
        var (code, stderr) = await CliRun.RunAsync("locator", "--client-ca", _certificates.CaFile);

        Assert.Equal(2, code);
        Assert.Contains("error: --client-ca is given but the locator serves no https:// URL, and client certificates come only over TLS: give --tls-cert and --tls-key and listen on an https:// URL", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locator_MissingClientCa_Exits2NamingTheFlagAndThePath()
    {
        var missing = Path.Combine(_certificates.Directory, "missing.pem");

        var (code, stderr) = await CliRun.RunAsync(
            "locator", "--urls", "https://127.0.0.1:0", "--tls-cert", _certificates.ServerCertFile, "--tls-key", _certificates.ServerKeyFile, "--client-ca", missing);

        Assert.Equal(2, code);
        Assert.Contains($"error: --client-ca '{missing}' does not exist", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locator_CertificateSubjectWithoutClientCa_Exits2NamingClientCa()
    {
        var credentials = _certificates.Write("credentials.json", """{ "credentials": [ { "name": "crm-site-b", "certificateSubject": "CN=crm-b.example" } ] }""");

        var (code, stderr) = await CliRun.RunAsync("locator", "--credentials", credentials);

        Assert.Equal(2, code);
        Assert.Contains("credentials[0].certificateSubject: the locator checks no client certificates, so none could match; give --client-ca", stderr, StringComparison.Ordinal);
    }
}
