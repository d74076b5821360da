using ClusterLocator.Integration.Tests.Infrastructure;

namespace ClusterLocator.Integration.Tests.Controller;

/// <summary>The change-triggered report flags of <c>clusterlocator controller</c>: bad values exit 2 naming the flag and the fix.</summary>
public sealed class ReportOnChangeFlagsTests
{
    private static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] flags) => CliProcess.RunAsync(
        [
            "controller", "--cluster", "a", "--service", "erp", "--capacity", "10",
            "--listen", "tcp://127.0.0.1:9001", "--member", "127.0.0.1:7001", "--locator", "http://127.0.0.1:7400",
            .. flags,
        ]);

    [Fact]
    public async Task Controller_FloorOutOfRange_AndThresholdZero_Exit2NamingEachFlag()
    {
        var (code, _, stderr) = await RunAsync("--report-on-change", "5ms", "--report-change-threshold", "0");

        Assert.Equal(2, code);
        Assert.Contains("--report-on-change 5ms is out of range: use 10ms up to --report-interval (1000ms)", stderr, StringComparison.Ordinal);
        Assert.Contains("--report-change-threshold 0 is invalid", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("ControllerOptions.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Controller_FloorNeitherDurationNorOff_Exits2()
    {
        var (code, _, stderr) = await RunAsync("--report-on-change", "soon");

        Assert.Equal(2, code);
        Assert.Contains("--report-on-change 'soon' is neither a duration nor 'off'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Controller_FloorOff_IsAccepted()
    {
        // Only the threshold is wrong: 'off' itself passes.
        var (code, _, stderr) = await RunAsync("--report-on-change", "off", "--report-change-threshold", "0");

        Assert.Equal(2, code);
        Assert.DoesNotContain("--report-on-change", stderr.Replace("--report-change-threshold", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ControllerHelp_TeachesTheFloorAndTheThreshold()
    {
        var (code, stdout, _) = await CliProcess.RunAsync("controller", "--help");

        Assert.Equal(0, code);
        Assert.Contains("--report-on-change <FLOOR|off>", stdout, StringComparison.Ordinal);
        Assert.Contains("--report-change-threshold", stdout, StringComparison.Ordinal);
    }
}
