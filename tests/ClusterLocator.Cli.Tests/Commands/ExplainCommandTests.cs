using System.Text.Json;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Cli.Tests.Commands;

public sealed class ExplainCommandTests
{
    private const string Escape = "\u001b";

    [Fact]
    public async Task Explain_WithoutService_ExitsTwoNamingTheFlag()
    {
        var (code, _, stderr) = await CliRun.WithOutputAsync("explain", "--locator", "http://127.0.0.1:1");

        Assert.Equal(2, code);
        Assert.Contains("--service", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_BadZone_ExitsTwoNamingIt()
    {
        var (code, _, stderr) = await CliRun.WithOutputAsync("explain", "--locator", "http://127.0.0.1:1", "--service", "erp", "--zone", "bad zone!");

        Assert.Equal(2, code);
        Assert.Contains("'zone'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_BadProtocol_ExitsTwo()
    {
        var (code, _, stderr) = await CliRun.WithOutputAsync("explain", "--locator", "http://127.0.0.1:1", "--service", "erp", "--protocol", "udp");

        Assert.Equal(2, code);
        Assert.Contains("'udp'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_Answer_IsATableMarkingTheChosenClusterWithWireTextInert()
    {
        var explanation = new LocateExplanation
        {
            Service = "erp",
            Policy = "best",
            Chosen = "b",
            Reason = $"Policy 'best'{Escape}[2J chose",
            Candidates =
            [
                new ExplainedCandidate { ClusterId = $"a{Escape}[31m", State = "draining", Eligible = false, Stale = false, Health = 0.5, Sessions = 5, Capacity = 10, PlacedSinceReport = 0, ReportAgeMs = 300, Excluded = false },
                new ExplainedCandidate { ClusterId = "b", State = "eligible", Eligible = true, Stale = true, Health = 0.9, NextHealth = 0.8, Sessions = 1, Capacity = 10, PlacedSinceReport = 2, ReportAgeMs = 1500, Zone = "eu", ZoneMatch = true, Excluded = false },
            ],
        };
        await using var locator = new CannedHttpServer(CannedHttpServer.Answer("200 OK", "application/json", JsonSerializer.Serialize(explanation, ProtocolJsonContext.Default.LocateExplanation)));

        var (code, stdout, _) = await CliRun.WithOutputAsync("explain", "--locator", locator.Url.AbsoluteUri, "--service", "erp");

        Assert.Equal(0, code);
        Assert.Contains("chosen b", stdout, StringComparison.Ordinal);
        Assert.Single(stdout.Split('\n'), line => line.StartsWith('*'));
        Assert.Contains(stdout.Split('\n'), line => line.StartsWith("*  b ", StringComparison.Ordinal));
        Assert.Contains("eligible (stale)", stdout, StringComparison.Ordinal);
        Assert.Contains("eu (yours)", stdout, StringComparison.Ordinal);
        Assert.Contains("a\\u001b[31m", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Escape, stdout, StringComparison.Ordinal);
    }
}
