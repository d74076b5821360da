using System.Xml.Linq;
using ClusterLocator.Testing;

namespace ClusterLocator.Cli.Tests.Commands;

/// <summary>Flags that belong to one model or lever only: refused elsewhere, and left out of the plot's caption.</summary>
public sealed class SimulateModelFlagsTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("simulate-flags-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Theory]
    [InlineData("queue", "--clients", "10", "--clients is a flag of the sessions model")]
    [InlineData("queue", "--capacities", "20,40", "--capacities is a flag of the sessions model")]
    [InlineData("sessions", "--clusters", "10", "--clusters is a flag of the queue model")]
    [InlineData("sessions", "--load", "0.5", "--load is a flag of the queue model")]
    public async Task Simulate_OtherModelsFlag_ExitsWithUsageNamingItAndTheModel(string model, string flag, string value, string expected)
    {
        var (code, _, stderr) = await CliRun.WithOutputAsync("simulate", "--model", model, flag, value);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.Contains("--model " + (model == "queue" ? "sessions" : "queue"), stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("--report-on-change", "off")]
    public async Task Simulate_ChangeThresholdWithoutChangeReports_ExitsWithUsageNamingBoth(params string[] onChange)
    {
        var (code, _, stderr) = await CliRun.WithOutputAsync(["simulate", "--report-change-threshold", "2", .. onChange]);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--report-change-threshold applies only to change-triggered reports: add --report-on-change FLOOR", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_FleetFileWithCapacityZero_NamesTheFleetFile()
    {
        var fleet = Path.Combine(_folder.FullName, "fleet.json");
        await File.WriteAllTextAsync(fleet, """{"clusters":[{"id":"small","capacity":0},{"id":"big","capacity":40}]}""");

        var (code, _, stderr) = await CliRun.WithOutputAsync("simulate", "--model", "sessions", "--fleet", fleet);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--fleet fleet.json 'small' has capacity 0", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("--capacities", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plot_QueueRun_CaptionHasTheLeverValuesAndNoSessionsFlags()
    {
        var path = Path.Combine(_folder.FullName, "queue.svg");

        var (code, _, stderr) = await CliRun.WithOutputAsync(
            "simulate", "--clusters", "5", "--arrivals", "2000", "--warm-up", "200", "--policy", "best", "--report-on-change", "0.1", "--share-interval", "off", "--plot", path);

        Assert.True(code == ExitCodes.Success, stderr);
        var caption = Caption(path);
        Assert.Contains("--report-on-change 0.1 ", caption, StringComparison.Ordinal);
        Assert.Contains("--share-interval off", caption, StringComparison.Ordinal);
        Assert.Contains("--report-change-threshold 1", caption, StringComparison.Ordinal);
        Assert.DoesNotContain("TimeUnitsOrOff", caption, StringComparison.Ordinal);
        Assert.All(["--capacities", "--fleet", "--clients", "--duration"], flag => Assert.DoesNotContain(flag, caption, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plot_SessionsRun_CaptionHasNoQueueFlagsNorAThresholdWithoutChangeReports()
    {
        var path = Path.Combine(_folder.FullName, "sessions.svg");

        var (code, _, stderr) = await CliRun.WithOutputAsync("simulate", "--model", "sessions", "--arrivals", "2000", "--warm-up", "200", "--policy", "best", "--plot", path);

        Assert.True(code == ExitCodes.Success, stderr);
        var caption = Caption(path);
        Assert.Contains("--model sessions", caption, StringComparison.Ordinal);
        Assert.Contains("--capacities 20,40,60", caption, StringComparison.Ordinal);
        Assert.All(["--clusters", "--load", "--report-change-threshold"], flag => Assert.DoesNotContain(flag, caption, StringComparison.Ordinal));
    }

    // The caption: the plot's texts from the command on, its lines wrapped to the image's width.
    private static string Caption(string path)
    {
        XNamespace ns = "http://www.w3.org/2000/svg";
        var texts = XDocument.Load(path).Descendants(ns + "text").Select(t => t.Value.Trim());
        var lines = texts.SkipWhile(t => !t.StartsWith("clusterlocator simulate", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lines);
        return string.Join(' ', lines) + " ";
    }
}
