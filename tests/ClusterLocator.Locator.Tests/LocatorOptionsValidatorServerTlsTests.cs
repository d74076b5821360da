using System.Security.Cryptography.X509Certificates;
using ClusterLocator.Locator.Hosting;
using ClusterLocator.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Locator.Tests;

/// <summary>
/// <see cref="LocatorOptions.TlsCert"/> and <see cref="LocatorOptions.TlsKey"/>: they go together and
/// with <c>https://</c> URLs; what the files hold is checked where they are read.
/// </summary>
public sealed class LocatorOptionsValidatorServerTlsTests : IDisposable
{
    private readonly TestCertificates _certificates = TestCertificates.Create();

    public void Dispose() => _certificates.Dispose();

    private LocatorOptions Https(string? cert, string? key, string url = "https://127.0.0.1:7400")
    {
        var options = new LocatorOptions { TlsCert = cert, TlsKey = key };
        options.Urls.Add(url);
        return options;
    }

    [Fact]
    public void Validate_HttpsWithCertificateAndKey_ReportsNothing()
    {
        Assert.Empty(LocatorOptionsValidator.Validate(Https(_certificates.ServerCertFile, _certificates.ServerKeyFile)));
    }

    [Fact]
    public void Validate_HttpsWithoutCertificate_NamesTheUrlAndBothProperties()
    {
        var error = Assert.Single(LocatorOptionsValidator.Validate(Https(cert: null, key: null)));

        Assert.Equal("LocatorOptions.Urls 'https://127.0.0.1:7400' is https:// but the locator has no certificate: give LocatorOptions.TlsCert and LocatorOptions.TlsKey (PEM files), or use http://.", error);
    }

    [Fact]
    public void Validate_KeyWithoutCertificate_SaysGiveBothOrNeither()
    {
        var error = Assert.Single(LocatorOptionsValidator.Validate(Https(cert: null, key: _certificates.ServerKeyFile)));

        Assert.StartsWith("LocatorOptions.TlsKey is given without LocatorOptions.TlsCert", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CertificateWithHttpUrlsOnly_SaysItWouldServeNothing()
    {
        var error = Assert.Single(LocatorOptionsValidator.Validate(Https(_certificates.ServerCertFile, _certificates.ServerKeyFile, LocatorOptions.DefaultUrl)));

        Assert.StartsWith("LocatorOptions.TlsCert is given but no LocatorOptions.Urls is https://", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ClientCaWithHttpsAndCertificate_ReportsNothing()
    {
        var options = Https(_certificates.ServerCertFile, _certificates.ServerKeyFile);
        options.ClientCa = _certificates.CaFile;

        Assert.Empty(LocatorOptionsValidator.Validate(options));
    }

    [Fact]
    public void Validate_ClientCaWithoutHttps_SaysClientCertificatesComeOnlyOverTls()
    {
        var options = Https(cert: null, key: null, LocatorOptions.DefaultUrl);
        options.ClientCa = _certificates.CaFile;

        var error = Assert.Single(LocatorOptionsValidator.Validate(options));

        Assert.StartsWith("LocatorOptions.ClientCa is given but the locator serves no https:// URL", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ClientCertificateAuthority_Load_AcceptsWhatTheCaIssued_AndNamesAMissingFile()
    {
        var options = Https(_certificates.ServerCertFile, _certificates.ServerKeyFile);
        options.ClientCa = _certificates.CaFile;
        using var authority = ClientCertificateAuthority.Load(options);
        using var issued = X509Certificate2.CreateFromPem(File.ReadAllText(_certificates.ClientCertFile));
        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(_certificates.OtherCaFile));

        Assert.True(authority.Accepts(issued, presented: null));
        Assert.False(authority.Accepts(ca, presented: null));

        options.ClientCa = Path.Combine(_certificates.Directory, "missing.pem");
        var refused = Assert.Throws<OptionsValidationException>(() => ClientCertificateAuthority.Load(options));
        Assert.StartsWith("LocatorOptions.ClientCa '", Assert.Single(refused.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void ServerCertificate_Load_ReadsTheFilesOnce_AndServesTheLeaf()
    {
        using var certificate = ServerCertificate.Load(
            Https(_certificates.ServerCertFile, _certificates.ServerKeyFile), new FakeTimeProvider(), NullLogger.Instance);

        Assert.True(certificate.Current.HasPrivateKey);
        Assert.Equal("CN=etcd test server", certificate.Current.Subject);
    }
}
