namespace ClusterLocator.Cli.Tests.Commands;

/// <summary><c>clusterlocator locator</c> with the limit flags: a value out of range is a usage error (exit 2) naming the flag.</summary>
public sealed class LocatorLimitFlagsTests
{
    [Fact]
    public async Task Locator_LimitsOutOfRange_Exits2NamingEveryFlag()
    {
        var (code, stderr) = await CliRun.RunAsync(
            "locator", "--max-clusters", "0", "--max-services", "-1", "--max-clusters-per-service", "2000000", "--max-connections", "0",
            "--keep-alive-timeout", "0s", "--request-headers-timeout", "1h");

        Assert.True(code == 2, stderr);
        Assert.Contains("error: --max-clusters 0 is out of range: use 1 to 1000000.", stderr, StringComparison.Ordinal);
        Assert.Contains("error: --max-services -1 is out of range", stderr, StringComparison.Ordinal);
        Assert.Contains("error: --max-clusters-per-service 2000000 is out of range", stderr, StringComparison.Ordinal);
        Assert.Contains("error: --max-connections 0 is out of range", stderr, StringComparison.Ordinal);
        Assert.Contains("error: --keep-alive-timeout 00:00:00 is out of range: use 1s to 10m", stderr, StringComparison.Ordinal);
        Assert.Contains("error: --request-headers-timeout 01:00:00 is out of range: use 1s to 5m", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locator_Help_TeachesTheLimits()
    {
        var (_, help, _) = await CliRun.WithOutputAsync("locator", "--help");
        foreach (var flag in new[] { "--max-clusters", "--max-services", "--max-clusters-per-service", "--max-connections", "--keep-alive-timeout", "--request-headers-timeout" })
        {
            Assert.Contains(flag, help, StringComparison.Ordinal);
        }

        Assert.Contains("429 limit-reached", help, StringComparison.Ordinal);
    }
}
