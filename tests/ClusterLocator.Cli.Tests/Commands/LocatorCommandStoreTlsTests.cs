using System.CommandLine;
using ClusterLocator.Cli.Commands;
using ClusterLocator.Cli.Configuration;
using ClusterLocator.Testing;
using Microsoft.Extensions.Configuration;

namespace ClusterLocator.Cli.Tests.Commands;

/// <summary><c>clusterlocator locator</c> with the etcd TLS flags: bad files are usage errors (exit 2) naming the flag and the fix.</summary>
public sealed class LocatorCommandStoreTlsTests : IDisposable
{
    private readonly TestCertificates _certificates = TestCertificates.Create();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public async Task Locator_StoreCaWithMemoryStore_Exits2SayingItIsForEtcds()
    {
        var (code, stderr) = await CliRun.RunAsync("locator", "--store-ca", _certificates.CaFile);

        Assert.Equal(2, code);
        Assert.Contains("error: --store-ca is only for a TLS etcd store, and the store is 'memory': use --store etcds://", stderr, StringComparison.Ordinal);
        Assert.Contains("clusterlocator locator --help", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locator_StoreCaWithoutPem_Exits2NamingTheFile()
    {
        var notPem = _certificates.Write("ca.txt", "not a certificate\n");

        var (code, stderr) = await CliRun.RunAsync("locator", "--store", "etcds://127.0.0.1:2379", "--store-ca", notPem);

        Assert.Equal(2, code);
        Assert.Contains($"error: --store-ca '{notPem}' holds no PEM certificate", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locator_StoreCertWithoutKeyAndKeyOfAnotherCertificate_Exits2ListingBoth()
    {
        var (code, stderr) = await CliRun.RunAsync(
            "locator", "--store", "etcds://127.0.0.1:2379", "--store-cert", _certificates.ClientCertFile, "--policy", "weighted", "--lease", "1ms");

        Assert.Equal(2, code);
        Assert.Contains("error: --store-cert is given without --store-key", stderr, StringComparison.Ordinal);
        Assert.Contains("error: --lease 00:00:00.0010000 is shorter than the report interval (--report-interval 00:00:01)", stderr, StringComparison.Ordinal);

        (code, stderr) = await CliRun.RunAsync(
            "locator", "--store", "etcds://127.0.0.1:2379", "--store-cert", _certificates.ClientCertFile, "--store-key", _certificates.ServerKeyFile);

        Assert.Equal(2, code);
        Assert.Contains($"error: --store-key '{_certificates.ServerKeyFile}' is not the private key of the certificate in --store-cert '{_certificates.ClientCertFile}'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locator_RelativeFile_IsNamedByItsFullPath()
    {
        var (code, stderr) = await CliRun.RunAsync("locator", "--store", "etcds://127.0.0.1:2379", "--store-ca", "no-such-ca.pem");

        Assert.Equal(2, code);
        Assert.Contains($"error: --store-ca '{Path.GetFullPath("no-such-ca.pem")}' does not exist", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_StoreTlsKeys_BecomeTheFlags()
    {
        var locator = LocatorCommand.Create(TextWriter.Null);
        var root = new RootCommand { locator };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Locator:StoreCa"] = "/etc/clusterlocator/etcd-ca.pem",
            ["Locator:StoreCert"] = "/etc/clusterlocator/etcd-client.pem",
            ["Locator:StoreKey"] = "/etc/clusterlocator/etcd-client-key.pem",
        }).Build();

        var extra = ConfiguredArguments.For(root.Parse(["locator"]), locator, [new ConfigurationLayer("test", configuration)]).Arguments;

        Assert.Equal(
            ["--store-ca", "/etc/clusterlocator/etcd-ca.pem", "--store-cert", "/etc/clusterlocator/etcd-client.pem", "--store-key", "/etc/clusterlocator/etcd-client-key.pem"],
            extra);
    }

    [Fact]
    public async Task Help_ExplainsTheStoreTlsFlags()
    {
        var (code, help, _) = await CliRun.WithOutputAsync("locator", "--help");

        Assert.Equal(0, code);
        Assert.Contains("--store-ca <FILE>", help, StringComparison.Ordinal);
        Assert.Contains("--store-cert <FILE>", help, StringComparison.Ordinal);
        Assert.Contains("--store-key <FILE>", help, StringComparison.Ordinal);
        Assert.Contains("--client-cert-auth", help, StringComparison.Ordinal);
    }
}
