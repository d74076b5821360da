using System.Text.Json;
using ClusterLocator.Testing;

namespace ClusterLocator.Cli.Tests.Commands;

public class SimulateLeversCommandTests
{
    [Theory]
    [InlineData("--share-interval", "soon", "--share-interval 'soon'")]
    [InlineData("--share-interval", "0", "--share-interval 0")]
    [InlineData("--report-on-change", "2", "--report-on-change 2")]
    [InlineData("--report-on-change", "now", "--report-on-change 'now'")]
    [InlineData("--report-change-threshold", "0", "--report-change-threshold 0")]
    public async Task Simulate_BadLeverValue_ExitsWithUsageNamingTheFlag(string flag, string value, string expected)
    {
        var (code, _, stderr) = await RunAsync("simulate", "--locators", "3", flag, value);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_ShareIntervalOff_Runs_AndJsonCountsTheReports()
    {
        var (code, stdout, _) = await RunAsync(
            "simulate", "--clusters", "5", "--arrivals", "2000", "--warm-up", "200", "--locators", "3", "--share-interval", "off", "--report-interval", "0.5", "--policy", "best", "--json");

        Assert.Equal(ExitCodes.Success, code);
        using var document = JsonDocument.Parse(stdout);
        // Periodic reports only: two per time unit at an interval of 0.5.
        Assert.Equal(2, document.RootElement[0].GetProperty("reportsPerClusterPerUnit").GetDouble(), 1);
    }

    internal static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error).DefaultTimeout();
        return (code, output.ToString(), error.ToString());
    }
}
