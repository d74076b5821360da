using ClusterLocator.Integration.Tests.Infrastructure;

namespace ClusterLocator.Integration.Tests.Controller;

/// <summary><c>clusterlocator controller</c> with bad flags: exit 2, every problem listed at once, each naming its flag.</summary>
public sealed class ControllerCommandUsageTests
{
    [Fact]
    public async Task Controller_MissingCapacityBadMemberAndUdpListen_Exits2ListingEveryProblem()
    {
        var (code, _, stderr) = await CliProcess.RunAsync(
            "controller", "--cluster", "a", "--service", "erp",
            "--listen", "udp://127.0.0.1:9001", "--member", "not-an-address", "--locator", "http://127.0.0.1:7400");

        Assert.Equal(2, code);
        Assert.Contains("--capacity", stderr, StringComparison.Ordinal);
        Assert.Contains("udp", stderr, StringComparison.Ordinal);
        Assert.Contains("not-an-address", stderr, StringComparison.Ordinal);
        Assert.Contains("--help", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Controller_BadDuration_Exits2NamingTheFlag()
    {
        // A duration that does not parse stops at parsing, before the options are checked.
        var (code, stdout, stderr) = await CliProcess.RunAsync(
            "controller", "--cluster", "a", "--service", "erp", "--capacity", "10",
            "--listen", "tcp://127.0.0.1:9001", "--member", "127.0.0.1:7001", "--locator", "http://127.0.0.1:7400",
            "--report-interval", "soon");

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Contains("--report-interval 'soon' is not a duration", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Controller_DurationOutOfRange_Exits2NamingTheFlagNotTheProperty()
    {
        var (code, _, stderr) = await CliProcess.RunAsync(
            "controller", "--cluster", "a", "--service", "erp", "--capacity", "10",
            "--listen", "tcp://127.0.0.1:9001", "--member", "not-an-address", "--locator", "http://127.0.0.1:7400",
            "--report-interval", "2h");

        Assert.Equal(2, code);
        Assert.Contains("--report-interval 02:00:00 is out of range", stderr, StringComparison.Ordinal);
        Assert.Contains("--member 'not-an-address'", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("ControllerOptions.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Controller_SeveralBadValues_Exits2ListingEachWithItsFix()
    {
        var (code, stdout, stderr) = await CliProcess.RunAsync(
            "controller", "--cluster", "bad id!", "--service", "erp", "--capacity", "0",
            "--listen", "udp://127.0.0.1:9001", "--member", "not-an-address", "--locator", "ftp://127.0.0.1:7400");

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Contains("'bad id!'", stderr, StringComparison.Ordinal);
        Assert.Contains("capacity 0", stderr, StringComparison.Ordinal);
        Assert.Contains("udp", stderr, StringComparison.Ordinal);
        Assert.Contains("not-an-address", stderr, StringComparison.Ordinal);
        Assert.Contains("ftp://127.0.0.1:7400", stderr, StringComparison.Ordinal);
        Assert.Contains("controller --help", stderr, StringComparison.Ordinal);
    }
}
