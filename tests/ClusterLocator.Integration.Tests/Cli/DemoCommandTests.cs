using System.Text.RegularExpressions;
using ClusterLocator.Integration.Tests.Infrastructure;

namespace ClusterLocator.Integration.Tests.Cli;

/// <summary><c>clusterlocator demo --no-ui --duration 20s</c>, the run CI makes: the crash is seen, expired and recovered, and no session fails.</summary>
public sealed partial class DemoCommandTests
{
    [Fact]
    public async Task Demo_NoUi_KilledClusterExpiresAndRecovers_WithNoFailedSession()
    {
        var (code, stdout, stderr) = await CliProcess.RunAsync(TimeSpan.FromSeconds(60), "demo", "--no-ui", "--duration", "20s");

        Assert.True(code == 0, $"exit {code}. stderr: {stderr} stdout: {stdout}");
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        // The kill, the locator's expiry of the cluster (a deregistration would unlist it instead),
        // the restart and the locator placing on it again, in that order.
        var killed = IndexOf(lines, "c2 killed");
        var expired = IndexOf(lines, "c2 expired from placements");
        var restarted = IndexOf(lines, "c2 restarted");
        var placedAgain = IndexOf(lines, "c2 registered again");
        Assert.True(killed < expired && expired < restarted && restarted < placedAgain, stdout);

        // The summary's last line is the one scripts grep.
        var summary = SummaryLine().Match(lines[^1]);
        Assert.True(summary.Success, $"The last line is not the summary: '{lines[^1]}'");
        Assert.Equal("0", summary.Groups["failed"].Value);
        Assert.True(int.Parse(summary.Groups["sessions"].Value, System.Globalization.CultureInfo.InvariantCulture) > 100, lines[^1]);
    }

    [Theory]
    [InlineData(new[] { "demo", "--clusters", "1" }, "--clusters 1 is out of range: give 2 to 9")]
    [InlineData(new[] { "demo", "--clusters", "many" }, "--clusters 'many' is not a whole number")]
    [InlineData(new[] { "demo", "--duration", "5s" }, "--duration 5s is too short: give at least 10s")]
    [InlineData(new[] { "demo", "--duration", "soon" }, "--duration 'soon' is not a duration")]
    public async Task Demo_BadUsage_ExitsWith2_SayingWhatAndPointingToHelp(string[] args, string expected)
    {
        var (code, stdout, stderr) = await CliProcess.RunAsync(args);

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.Contains("clusterlocator demo --help", stderr, StringComparison.Ordinal);
    }

    private static int IndexOf(string[] lines, string text)
    {
        var index = Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
        Assert.True(index >= 0, $"No line says '{text}':{Environment.NewLine}{string.Join(Environment.NewLine, lines)}");
        return index;
    }

    [GeneratedRegex(@"^demo: (?<sessions>\d+) sessions, (?<failed>\d+) failed, \d+ interrupted by the crash and re-opened, locate p50 [\d.]+ ms p99 [\d.]+ ms$")]
    private static partial Regex SummaryLine();
}
