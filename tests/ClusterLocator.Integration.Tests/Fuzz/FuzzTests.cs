using ClusterLocator.Fuzz;
using ClusterLocator.Fuzz.Checks;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Fuzz;

/// <summary>
/// The fuzz proof of bench/fuzz.sh at a size for the test suite: the same seeded generator and checks
/// against a real <c>clusterlocator locator</c> process.
/// </summary>
public sealed class FuzzTests
{
    private const int Seed = 20261129;

    [Fact]
    public async Task Fuzz_50000SeededRequests_No5xx_NoFaultInTheLog_RegistryAsTheAnswersImply()
    {
        await using var locator = CliProcess.Start(
            ["locator", "--urls", "http://127.0.0.1:0", "--report-interval", "1m", "--lease", "1h", "--warm-up", "0s"],
            new Dictionary<string, string>
            {
                // Warning and above, as bench/fuzz.sh runs it, but still the line that says where it listens.
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            });
        var url = await locator.WaitForListeningAsync();
        var settings = new FuzzSettings { Locator = url, Seed = Seed, Requests = 50_000, Connections = 4, BatchSize = 5_000 };

        var outcome = await FuzzRun.RunAsync(settings, progress: null, CancellationToken.None).TimeoutAfter(TimeSpan.FromMinutes(3));
        locator.Terminate();
        await locator.WaitForExitAsync();

        var summary = new StringWriter();
        FuzzSummary.Write(summary, settings, outcome);
        Assert.True(outcome.Passed, $"The fuzzer found {outcome.Findings.Count} problem(s):\n{summary}");
        Assert.Equal(0, outcome.ServerErrors);
        Assert.Equal(10, outcome.Batches);
        Assert.True(outcome.ByStatus.GetValueOrDefault(200) > 5_000, $"Too few requests were accepted for the run to test much:\n{summary}");
        var faults = LogCheck.Faults(locator.Stdout + locator.Stderr);
        Assert.True(faults.Count == 0, $"The locator logged {faults.Count} fault line(s):\n{string.Join('\n', faults.Take(20))}");
    }
}
