using ClusterLocator.Testing;

namespace ClusterLocator.Locator.Tests;

/// <summary>
/// <see cref="LocatorOptions.StoreCa"/>, <see cref="LocatorOptions.StoreCert"/>, <see cref="LocatorOptions.StoreKey"/>:
/// which go together. What the files hold is checked where they are read (<c>EtcdTlsLoadTests</c>).
/// </summary>
public sealed class LocatorOptionsValidatorStoreTlsTests : IDisposable
{
    private const string TlsStore = "etcds://127.0.0.1:2379";

    private readonly TestCertificates _certificates = TestCertificates.Create();

    public void Dispose() => _certificates.Dispose();

    private static LocatorOptions Tls(string? ca = null, string? cert = null, string? key = null, string store = TlsStore) =>
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
    public void Validate_MissingFiles_AreLeftToTheLoad_WhichReadsThem()
    {
        var missing = Path.Combine(_certificates.Directory, "missing.pem");

        Assert.Empty(LocatorOptionsValidator.Validate(Tls(missing, missing, missing)));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("etcd://127.0.0.1:2379")]
    public void Validate_CaWithoutTlsStore_SaysItIsOnlyForEtcds(string store)
    {
        var error = Assert.Single(LocatorOptionsValidator.Validate(Tls(ca: _certificates.CaFile, store: store)));

        Assert.Equal($"LocatorOptions.StoreCa is only for a TLS etcd store, and the store is '{store}': use LocatorOptions.Store etcds://HOST:PORT[,HOST:PORT…], or leave it out.", error);
    }

    [Fact]
    public void Validate_EveryTlsFileWithoutTlsStore_NamesThemAllInOneMessage()
    {
        var error = Assert.Single(LocatorOptionsValidator.Validate(Tls(_certificates.CaFile, _certificates.ClientCertFile, _certificates.ClientKeyFile, store: "memory")));

        Assert.StartsWith("LocatorOptions.StoreCa, LocatorOptions.StoreCert and LocatorOptions.StoreKey are only for a TLS etcd store", error, StringComparison.Ordinal);
        Assert.EndsWith("or leave them out.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CertWithoutKey_AsksForTheKey()
    {
        var error = Assert.Single(LocatorOptionsValidator.Validate(Tls(cert: _certificates.ClientCertFile)));

        Assert.StartsWith("LocatorOptions.StoreCert is given without LocatorOptions.StoreKey: give the PEM file of the certificate's private key", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KeyWithoutCert_AsksForTheCertificate()
    {
        var error = Assert.Single(LocatorOptionsValidator.Validate(Tls(key: _certificates.ClientKeyFile)));

        Assert.StartsWith("LocatorOptions.StoreKey is given without LocatorOptions.StoreCert", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KeyWithoutCertAndAnUnknownPolicy_ReportsBoth()
    {
        var options = Tls(key: _certificates.ClientKeyFile);
        options.Policy = "fastest";

        var errors = LocatorOptionsValidator.Validate(options);

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("LocatorOptions.Policy", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("LocatorOptions.StoreKey", StringComparison.Ordinal));
    }
}
