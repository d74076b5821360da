using ClusterLocator.Testing;

namespace ClusterLocator.Locator.Tests;

/// <summary><c>--store-ca</c>, <c>--store-cert</c>, <c>--store-key</c>: read at start, every problem named with its fix.</summary>
public sealed class LocatorOptionsValidatorStoreTlsTests : IDisposable
{
    private const string TlsStore = "etcds://127.0.0.1:2379";

    private readonly TestCertificates _certificates = TestCertificates.Create();

    public void Dispose() => _certificates.Dispose();

    private LocatorOptions Tls(string? ca = null, string? cert = null, string? key = null, string store = TlsStore) =>
        new() { Store = store, StoreCa = ca, StoreCert = cert, StoreKey = key };

    [Fact]
    public void Validate_CaAndClientCertificateWithEtcds_ReportsNothing()
    {
        Assert.Empty(LocatorOptionsValidator.Validate(Tls(_certificates.CaFile, _certificates.ClientCertFile, _certificates.ClientKeyFile)));
    }

    [Fact]
    public void Validate_CaAloneOrClientCertificateAlone_ReportsNothing()
    {
        Assert.Empty(LocatorOptionsValidator.Validate(Tls(ca: _certificates.CaFile)));
        Assert.Empty(LocatorOptionsValidator.Validate(Tls(cert: _certificates.ClientCertFile, key: _certificates.ClientKeyFile)));
    }

    [Fact]
    public void Validate_ClientCertificateAndKeyInOneFile_ReportsNothing()
    {
        var both = _certificates.Write("both.pem", File.ReadAllText(_certificates.ClientCertFile) + "\n" + File.ReadAllText(_certificates.ClientKeyFile));

        Assert.Empty(LocatorOptionsValidator.Validate(Tls(cert: both, key: both)));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("etcd://127.0.0.1:2379")]
    public void Validate_CaWithoutTlsStore_SaysItIsOnlyForEtcds(string store)
    {
        var error = Assert.Single(LocatorOptionsValidator.Validate(Tls(ca: _certificates.CaFile, store: store)));

        Assert.Equal($"--store-ca is only for a TLS etcd store, and the store is '{store}': use --store etcds://HOST:PORT[,HOST:PORT…], or leave it out.", error);
    }

    [Fact]
    public void Validate_EveryTlsFlagWithoutTlsStore_NamesThemAllInOneMessage()
    {
        var error = Assert.Single(LocatorOptionsValidator.Validate(Tls(_certificates.CaFile, _certificates.ClientCertFile, _certificates.ClientKeyFile, store: "memory")));

        Assert.StartsWith("--store-ca, --store-cert and --store-key are only for a TLS etcd store", error, StringComparison.Ordinal);
        Assert.EndsWith("or leave them out.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CertWithoutKey_AsksForTheKey()
    {
        var error = Assert.Single(LocatorOptionsValidator.Validate(Tls(cert: _certificates.ClientCertFile)));

        Assert.StartsWith("--store-cert is given without --store-key: give the PEM file of the certificate's private key", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KeyWithoutCert_AsksForTheCertificate()
    {
        var error = Assert.Single(LocatorOptionsValidator.Validate(Tls(key: _certificates.ClientKeyFile)));

        Assert.StartsWith("--store-key is given without --store-cert", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--store-ca")]
    [InlineData("--store-cert")]
    [InlineData("--store-key")]
    public void Validate_MissingFile_NamesTheFlagAndThePath(string flag)
    {
        var missing = Path.Combine(_certificates.Directory, "missing.pem");
        var options = flag switch
        {
            "--store-ca" => Tls(ca: missing),
            "--store-cert" => Tls(cert: missing, key: _certificates.ClientKeyFile),
            _ => Tls(cert: _certificates.ClientCertFile, key: missing),
        };

        var error = Assert.Single(LocatorOptionsValidator.Validate(options));

        Assert.Equal($"{flag} '{missing}' does not exist: give the path of a PEM file that the locator's user can read.", error);
    }

    [Fact]
    public void Validate_CaFileWithoutPem_SaysItHoldsNoCertificate()
    {
        var notPem = _certificates.Write("ca.pem.txt", "this is not a certificate\n");

        var error = Assert.Single(LocatorOptionsValidator.Validate(Tls(ca: notPem)));

        Assert.StartsWith($"--store-ca '{notPem}' holds no PEM certificate: it must hold the CA certificate(s) that issued etcd's server certificates", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CaFileHoldingOnlyAKey_SaysItHoldsNoCertificate()
    {
        var error = Assert.Single(LocatorOptionsValidator.Validate(Tls(ca: _certificates.ClientKeyFile)));

        Assert.StartsWith($"--store-ca '{_certificates.ClientKeyFile}' holds no PEM certificate", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CorruptCertificate_SaysItCannotBeRead()
    {
        // Valid base64 in a certificate block, but not DER: a truncated or mangled copy.
        var corrupt = _certificates.Write("corrupt.pem", "-----BEGIN CERTIFICATE-----\nAAECAwQFBgcICQ==\n-----END CERTIFICATE-----\n");

        var error = Assert.Single(LocatorOptionsValidator.Validate(Tls(cert: corrupt, key: _certificates.ClientKeyFile)));

        Assert.StartsWith($"--store-cert '{corrupt}' holds a certificate that cannot be read", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KeyOfAnotherCertificate_SaysTheyDoNotBelongTogether()
    {
        var error = Assert.Single(LocatorOptionsValidator.Validate(Tls(cert: _certificates.ClientCertFile, key: _certificates.ServerKeyFile)));

        Assert.StartsWith($"--store-key '{_certificates.ServerKeyFile}' is not the private key of the certificate in --store-cert '{_certificates.ClientCertFile}'", error, StringComparison.Ordinal);
        Assert.EndsWith("give the key that certificate was issued for.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EncryptedKey_SaysHowToDecryptIt()
    {
        var error = Assert.Single(LocatorOptionsValidator.Validate(Tls(cert: _certificates.ClientCertFile, key: _certificates.EncryptedClientKeyFile)));

        Assert.StartsWith($"--store-key '{_certificates.EncryptedClientKeyFile}' is encrypted", error, StringComparison.Ordinal);
        Assert.Contains("openssl pkey", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KeyFileHoldingOnlyACertificate_SaysItHoldsNoKey()
    {
        var error = Assert.Single(LocatorOptionsValidator.Validate(Tls(cert: _certificates.ClientCertFile, key: _certificates.ClientCertFile)));

        Assert.StartsWith($"--store-key '{_certificates.ClientCertFile}' holds no PEM private key", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ServerCertificateAsClientCertificate_SaysEtcdWouldRefuseIt()
    {
        var error = Assert.Single(LocatorOptionsValidator.Validate(Tls(cert: _certificates.ServerCertFile, key: _certificates.ServerKeyFile)));

        Assert.StartsWith($"--store-cert '{_certificates.ServerCertFile}' is not a client certificate", error, StringComparison.Ordinal);
        Assert.Contains("clientAuth", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingCertificateAndKeyWithoutKey_ReportsBoth()
    {
        var missing = Path.Combine(_certificates.Directory, "missing.pem");

        var errors = LocatorOptionsValidator.Validate(Tls(cert: missing, key: _certificates.CaFile));

        Assert.Equal(2, errors.Count);
        Assert.StartsWith($"--store-cert '{missing}' does not exist", errors[0], StringComparison.Ordinal);
        Assert.StartsWith($"--store-key '{_certificates.CaFile}' holds no PEM private key", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralBadFiles_ReportsEachOne()
    {
        var notPem = _certificates.Write("ca.pem.txt", "nothing\n");
        var options = Tls(ca: notPem, cert: _certificates.ClientCertFile, key: _certificates.ServerKeyFile);
        options.Policy = "fastest";

        var errors = LocatorOptionsValidator.Validate(options);

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("The policy", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--store-ca", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--store-key", StringComparison.Ordinal));
    }
}
