using ClusterLocator.Locator.Registry.Etcd;
using ClusterLocator.Testing;
using Microsoft.Extensions.Options;

namespace ClusterLocator.Locator.Tests.Registry.Etcd;

/// <summary>The etcd TLS files, read once when the etcd client is made: a bad one fails the start, named with its fix.</summary>
public sealed class EtcdTlsLoadTests : IDisposable
{
    private const string TlsStore = "etcds://127.0.0.1:2379";

    private readonly TestCertificates _certificates = TestCertificates.Create();

    public void Dispose() => _certificates.Dispose();

    private static LocatorOptions Tls(string? ca = null, string? cert = null, string? key = null) =>
        new() { Store = TlsStore, StoreCa = ca, StoreCert = cert, StoreKey = key };

    /// <summary>The failures of loading <paramref name="options"/>; the load must fail.</summary>
    private static IReadOnlyList<string> Failures(LocatorOptions options)
    {
        var ex = Assert.Throws<OptionsValidationException>(() => EtcdTls.Load(options).Dispose());
        Assert.Equal(typeof(LocatorOptions), ex.OptionsType);
        return [.. ex.Failures];
    }

    [Fact]
    public void Load_CaAndClientCertificate_Loads()
    {
        using var tls = EtcdTls.Load(Tls(_certificates.CaFile, _certificates.ClientCertFile, _certificates.ClientKeyFile));

        Assert.False(tls.ClientCertificateMissing);
    }

    [Fact]
    public void Load_CaAloneOrClientCertificateAlone_Loads()
    {
        EtcdTls.Load(Tls(ca: _certificates.CaFile)).Dispose();
        EtcdTls.Load(Tls(cert: _certificates.ClientCertFile, key: _certificates.ClientKeyFile)).Dispose();
    }

    [Fact]
    public void Load_ClientCertificateAndKeyInOneFile_Loads()
    {
        var both = _certificates.Write("both.pem", File.ReadAllText(_certificates.ClientCertFile) + "\n" + File.ReadAllText(_certificates.ClientKeyFile));

        EtcdTls.Load(Tls(cert: both, key: both)).Dispose();
    }

    [Theory]
    [InlineData("StoreCa")]
    [InlineData("StoreCert")]
    [InlineData("StoreKey")]
    public void Load_MissingFile_NamesThePropertyAndThePath(string property)
    {
        var missing = Path.Combine(_certificates.Directory, "missing.pem");
        var options = property switch
        {
            "StoreCa" => Tls(ca: missing),
            "StoreCert" => Tls(cert: missing, key: _certificates.ClientKeyFile),
            _ => Tls(cert: _certificates.ClientCertFile, key: missing),
        };

        var error = Assert.Single(Failures(options));

        Assert.Equal($"LocatorOptions.{property} '{missing}' does not exist: give the path of a PEM file that the locator's user can read.", error);
    }

    [Fact]
    public void Load_CaFileWithoutPem_SaysItHoldsNoCertificate()
    {
        var notPem = _certificates.Write("ca.pem.txt", "this is not a certificate\n");

        var error = Assert.Single(Failures(Tls(ca: notPem)));

        Assert.StartsWith($"LocatorOptions.StoreCa '{notPem}' holds no PEM certificate: it must hold the CA certificate(s) that issued etcd's server certificates", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CaFileHoldingOnlyAKey_SaysItHoldsNoCertificate()
    {
        var error = Assert.Single(Failures(Tls(ca: _certificates.ClientKeyFile)));

        Assert.StartsWith($"LocatorOptions.StoreCa '{_certificates.ClientKeyFile}' holds no PEM certificate", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CorruptCertificate_SaysItCannotBeRead()
    {
        // Valid base64 in a certificate block, but not DER: a truncated or mangled copy.
        var corrupt = _certificates.Write("corrupt.pem", "-----BEGIN CERTIFICATE-----\nAAECAwQFBgcICQ==\n-----END CERTIFICATE-----\n");

        var error = Assert.Single(Failures(Tls(cert: corrupt, key: _certificates.ClientKeyFile)));

        Assert.StartsWith($"LocatorOptions.StoreCert '{corrupt}' holds a certificate that cannot be read", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_KeyOfAnotherCertificate_SaysTheyDoNotBelongTogether()
    {
        var error = Assert.Single(Failures(Tls(cert: _certificates.ClientCertFile, key: _certificates.ServerKeyFile)));

        Assert.StartsWith($"LocatorOptions.StoreKey '{_certificates.ServerKeyFile}' is not the private key of the certificate in LocatorOptions.StoreCert '{_certificates.ClientCertFile}'", error, StringComparison.Ordinal);
        Assert.EndsWith("give the key that certificate was issued for.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EncryptedKey_SaysHowToDecryptIt()
    {
        var error = Assert.Single(Failures(Tls(cert: _certificates.ClientCertFile, key: _certificates.EncryptedClientKeyFile)));

        Assert.StartsWith($"LocatorOptions.StoreKey '{_certificates.EncryptedClientKeyFile}' is encrypted", error, StringComparison.Ordinal);
        Assert.Contains("openssl pkey", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_KeyFileHoldingOnlyACertificate_SaysItHoldsNoKey()
    {
        var error = Assert.Single(Failures(Tls(cert: _certificates.ClientCertFile, key: _certificates.ClientCertFile)));

        Assert.StartsWith($"LocatorOptions.StoreKey '{_certificates.ClientCertFile}' holds no PEM private key", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ServerCertificateAsClientCertificate_SaysEtcdWouldRefuseIt()
    {
        var error = Assert.Single(Failures(Tls(cert: _certificates.ServerCertFile, key: _certificates.ServerKeyFile)));

        Assert.StartsWith($"LocatorOptions.StoreCert '{_certificates.ServerCertFile}' is not a client certificate", error, StringComparison.Ordinal);
        Assert.Contains("clientAuth", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingCertificateAndKeyWithoutKey_ReportsBoth()
    {
        var missing = Path.Combine(_certificates.Directory, "missing.pem");

        var errors = Failures(Tls(cert: missing, key: _certificates.CaFile));

        Assert.Equal(2, errors.Count);
        Assert.StartsWith($"LocatorOptions.StoreCert '{missing}' does not exist", errors[0], StringComparison.Ordinal);
        Assert.StartsWith($"LocatorOptions.StoreKey '{_certificates.CaFile}' holds no PEM private key", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SeveralBadFiles_ReportsEachOne()
    {
        var notPem = _certificates.Write("ca.pem.txt", "nothing\n");

        var errors = Failures(Tls(ca: notPem, cert: _certificates.ClientCertFile, key: _certificates.ServerKeyFile));

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("LocatorOptions.StoreCa", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("LocatorOptions.StoreKey", StringComparison.Ordinal));
    }
}
