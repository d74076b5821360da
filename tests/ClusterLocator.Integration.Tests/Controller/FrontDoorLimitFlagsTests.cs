using ClusterLocator.Integration.Tests.Infrastructure;

namespace ClusterLocator.Integration.Tests.Controller;

/// <summary>The front-door limit flags of <c>clusterlocator controller</c>: bad values exit 2 naming the flag and the fix.</summary>
public sealed class FrontDoorLimitFlagsTests
{
    [Fact]
    public async Task Controller_BadFrontDoorLimits_Exits2NamingEachFlag()
    {
        var (code, _, stderr) = await CliProcess.RunAsync(
            "controller", "--cluster", "a", "--service", "erp", "--capacity", "10",
            "--listen", "tcp://127.0.0.1:9001", "--member", "127.0.0.1:7001", "--locator", "http://127.0.0.1:7400",
            "--idle-timeout", "500ms", "--max-sessions-per-client=-1", "--max-connections", "0");

        Assert.Equal(2, code);
        Assert.Contains("--idle-timeout 00:00:00.5000000 is out of range: use 1s to 24h, or 0s to never close a silent session", stderr, StringComparison.Ordinal);
        Assert.Contains("--max-sessions-per-client -1 is invalid", stderr, StringComparison.Ordinal);
        Assert.Contains("--max-connections 0 is invalid", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("ControllerOptions.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ControllerHelp_TeachesTheFrontDoorLimits()
    {
        var (code, stdout, _) = await CliProcess.RunAsync("controller", "--help");

        Assert.Equal(0, code);
        Assert.Contains("--idle-timeout", stdout, StringComparison.Ordinal);
        Assert.Contains("--max-sessions-per-client", stdout, StringComparison.Ordinal);
        Assert.Contains("--max-connections", stdout, StringComparison.Ordinal);
    }
}
