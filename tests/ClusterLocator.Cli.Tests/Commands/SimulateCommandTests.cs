using System.Text.Json;
using ClusterLocator.Testing;

namespace ClusterLocator.Cli.Tests.Commands;

public class SimulateCommandTests
{
    [Fact]
    public async Task Simulate_Json_HasOneObjectPerPolicy()
    {
        var (code, stdout, _) = await CliRun.WithOutputAsync("simulate", "--clusters", "5", "--arrivals", "2000", "--warm-up", "200", "--policy", "best,jsq", "--json");

        Assert.Equal(ExitCodes.Success, code);
        using var document = JsonDocument.Parse(stdout);
        var results = document.RootElement.EnumerateArray().ToList();
        Assert.Equal(["best", "jsq"], results.Select(r => r.GetProperty("policy").GetString()));
        Assert.All(results, r =>
        {
            Assert.True(r.GetProperty("meanTimeInSystem").GetDouble() >= 0);
            Assert.True(r.GetProperty("p99TimeInSystem").GetDouble() >= 0);
            Assert.Equal(0, r.GetProperty("refused").GetInt64());
            Assert.Equal(5, r.GetProperty("placementShare").GetArrayLength());
            Assert.Equal(5, r.GetProperty("capacityShare").GetArrayLength());
        });
    }

    [Fact]
    public async Task Simulate_Table_ShowsTheRatioToJsq()
    {
        var (code, stdout, _) = await CliRun.WithOutputAsync("simulate", "--clusters", "5", "--arrivals", "2000", "--warm-up", "200", "--policy", "p2c,jsq");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("x jsq", stdout, StringComparison.Ordinal);
        Assert.Contains("p2c", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--load", "1.5", "--load 1.5")]
    [InlineData("--report-interval", "0", "--report-interval 0")]
    [InlineData("--locators", "0", "--locators 0")]
    [InlineData("--policy", "fastest", "--policy 'fastest'")]
    [InlineData("--model", "fluid", "--model 'fluid'")]
    public async Task Simulate_BadFlag_ExitsWithUsageNamingIt(string flag, string value, string expected)
    {
        var (code, _, stderr) = await CliRun.WithOutputAsync("simulate", flag, value);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }
}
