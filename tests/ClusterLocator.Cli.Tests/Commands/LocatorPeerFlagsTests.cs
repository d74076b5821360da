namespace ClusterLocator.Cli.Tests.Commands;

/// <summary><c>clusterlocator locator</c> with the flags of placement sharing: bad values are usage errors (exit 2) naming the flag.</summary>
public sealed class LocatorPeerFlagsTests
{
    [Fact]
    public async Task Locator_BadPeerAndSyncInterval_Exits2NamingTheFlags()
    {
        var (code, stderr) = await CliRun.RunAsync(
            "locator", "--urls", "http://127.0.0.1:7499", "--peer", "10.0.0.3:7400", "--peer", "http://127.0.0.1:7499", "--peer-sync-interval", "5ms");

        Assert.True(code == 2, stderr);
        Assert.Contains("error: --peer '10.0.0.3:7400' is not a locator's base URL: use http://HOST:PORT", stderr, StringComparison.Ordinal);
        Assert.Contains("error: --peer 'http://127.0.0.1:7499' is this locator's own URL (--urls)", stderr, StringComparison.Ordinal);
        Assert.Contains("error: --peer-sync-interval 00:00:00.0050000 is out of range: use 10ms up to the report interval (--report-interval 00:00:01)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locator_Help_TeachesPeerSharing()
    {
        var (_, help, _) = await CliRun.WithOutputAsync("locator", "--help");
        Assert.Contains("--peer <URL>", help, StringComparison.Ordinal);
        Assert.Contains("--peer-sync-interval", help, StringComparison.Ordinal);
        Assert.Contains("a tenth of --report-interval", help, StringComparison.Ordinal);
    }
}
