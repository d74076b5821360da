namespace ClusterLocator.Cli.Tests.Commands;

/// <summary><c>clusterlocator locator</c>: the validator's messages name the command's flags, not option properties.</summary>
public sealed class LocatorCommandTests
{
    [Fact]
    public async Task Locator_BeyondLoopbackWithoutToken_Exits2NamingTheFlags()
    {
        var (code, stderr) = await CliRun.RunAsync("locator", "--urls", "http://0.0.0.0:0");

        Assert.Equal(2, code);
        Assert.Contains(
            "error: --urls 'http://0.0.0.0:0' listens beyond loopback without a controller token or credentials, so anyone could register a rogue controller: give --controller-token-file (or CLUSTERLOCATOR_CONTROLLER_TOKEN) or --credentials, or set --insecure to accept that.",
            stderr,
            StringComparison.Ordinal);
        Assert.DoesNotContain("LocatorOptions.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locator_SeveralBadValues_Exits2ListingEachByItsFlag()
    {
        var (code, stderr) = await CliRun.RunAsync("locator", "--report-interval", "2h", "--placement-ttl", "0s", "--warm-up", "0s", "--store", "etcd://127.0.0.1:2379", "--store-prefix", "x");

        Assert.Equal(2, code);
        Assert.Contains("error: --report-interval 02:00:00 is out of range: use 10ms to 1h.", stderr, StringComparison.Ordinal);
        Assert.Contains("error: --placement-ttl 00:00:00 must be positive.", stderr, StringComparison.Ordinal);
        Assert.Contains("error: --store-prefix 'x' must start and end with '/'", stderr, StringComparison.Ordinal);
        Assert.Contains("Run 'clusterlocator locator --help' for usage.", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("LocatorOptions.", stderr, StringComparison.Ordinal);
    }
}
