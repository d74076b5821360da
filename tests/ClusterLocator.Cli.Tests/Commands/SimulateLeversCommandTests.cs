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
        var (code, _, stderr) = await CliRun.WithOutputAsync("simulate", "--locators", "3", flag, value);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_ShareIntervalOff_Runs_AndJsonCountsTheReports()
    {
        var (code, stdout, _) = await CliRun.WithOutputAsync(
            "simulate", "--clusters", "5", "--arrivals", "2000", "--warm-up", "200", "--locators", "3", "--share-interval", "off", "--report-interval", "0.5", "--policy", "best", "--json");

        Assert.Equal(ExitCodes.Success, code);
        using var document = JsonDocument.Parse(stdout);
        // Periodic reports only: two per time unit at an interval of 0.5.
        Assert.Equal(2, document.RootElement[0].GetProperty("reportsPerClusterPerUnit").GetDouble(), 1);
    }

    [Fact]
    public async Task Simulate_SessionsModel_FillsTheShares()
    {
        var (code, stdout, _) = await CliRun.WithOutputAsync("simulate", "--model", "sessions", "--capacities", "20,40,60", "--arrivals", "3000", "--warm-up", "300", "--policy", "best", "--json");

        Assert.Equal(ExitCodes.Success, code);
        using var document = JsonDocument.Parse(stdout);
        var result = document.RootElement[0];
        Assert.Equal(0, result.GetProperty("refused").GetInt64());
        Assert.Equal([1.0 / 6, 2.0 / 6, 3.0 / 6], result.GetProperty("capacityShare").EnumerateArray().Select(e => e.GetDouble()), (a, b) => Math.Abs(a - b) < 1e-9);
        Assert.Equal(3, result.GetProperty("placementShare").GetArrayLength());
    }

    [Fact]
    public async Task Simulate_SessionsTable_ShowsEachClustersShare()
    {
        var (code, stdout, _) = await CliRun.WithOutputAsync("simulate", "--model", "sessions", "--arrivals", "2000", "--warm-up", "200", "--policy", "best,random");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("c3 50.0%", stdout, StringComparison.Ordinal);
        Assert.Contains("worst gap", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_TraceWithABadLine_ExitsWithUsageNamingTheLine()
    {
        var trace = Path.Combine(Path.GetTempPath(), $"durations-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(trace, "duration\n0.3\nsoon\n");
        try
        {
            var (code, _, stderr) = await CliRun.WithOutputAsync("simulate", "--model", "sessions", "--duration", trace);

            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains("--duration", stderr, StringComparison.Ordinal);
            Assert.Contains("line 3: 'soon'", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(trace);
        }
    }

    [Theory]
    [InlineData("--capacities", "20,big", "--capacities 'big'")]
    [InlineData("--clients", "0", "--clients 0")]
    [InlineData("--duration", "gamma", "--duration 'gamma'")]
    [InlineData("--duration-mean", "0", "--duration-mean 0")]
    public async Task Simulate_SessionsBadFlag_ExitsWithUsageNamingIt(string flag, string value, string expected)
    {
        var (code, _, stderr) = await CliRun.WithOutputAsync("simulate", "--model", "sessions", flag, value);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }
}
