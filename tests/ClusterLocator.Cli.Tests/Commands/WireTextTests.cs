using System.Text.Json;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Cli.Tests.Commands;

// A hostile locator answers with terminal escapes: the commands print them as inert text.
public sealed class WireTextTests
{
    private const string Escape = "\u001b";

    private static string ProblemJson(int status, string type, string detail) =>
        JsonSerializer.Serialize(new Problem { Type = type, Title = $"title{Escape}]0;pwned\u0007", Status = status, Detail = detail }, ProtocolJsonContext.Default.Problem);

    [Fact]
    public async Task Clusters_ClusterIdWithEscapes_IsPrintedInert()
    {
        var list = new ClusterList(
        [
            new ClusterView
            {
                ClusterId = $"a{Escape}[31m",
                Service = "erp",
                State = ClusterStates.Active,
                Health = 1,
                Eligible = true,
                LastReportAgeMs = 300,
                PlacedSinceReport = 1,
                Zone = $"eu{Escape}[2J",
                Endpoints = [new ClusterEndpoint(Protocols.Tcp, $"10.0.0.5:9001{Escape}[1A")],
                Load = new ClusterLoad { Sessions = 1, Capacity = 10 },
            },
        ]);
        await using var locator = new CannedHttpServer(CannedHttpServer.Answer("200 OK", "application/json", JsonSerializer.Serialize(list, ProtocolJsonContext.Default.ClusterList)));

        var (code, stdout, _) = await CliRun.WithOutputAsync("clusters", "--locator", locator.Url.AbsoluteUri);

        Assert.Equal(0, code);
        Assert.Contains("a\\u001b[31m", stdout, StringComparison.Ordinal);
        Assert.Contains("eu\\u001b[2J", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Escape, stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locate_ProblemDetailWithEscapes_IsPrintedInert()
    {
        await using var locator = new CannedHttpServer(CannedHttpServer.Answer(
            "503 Service Unavailable",
            Problem.ContentType,
            ProblemJson(503, ProblemTypes.NoEligibleCluster, $"nothing{Escape}[31m eligible\nerror: forged line")));

        var (code, _, stderr) = await CliRun.WithOutputAsync("locate", "--locator", locator.Url.AbsoluteUri, "--service", "erp");

        Assert.Equal(ExitCodes.NothingEligible, code);
        Assert.Contains("nothing\\u001b[31m eligible\\u000aerror: forged line", stderr, StringComparison.Ordinal);
        Assert.Contains("title\\u001b]0;pwned\\u0007", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Escape, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_LocatorFailingWithEscapes_IsPrintedInert()
    {
        await using var locator = new CannedHttpServer(CannedHttpServer.Answer("500 Internal Server Error", Problem.ContentType, ProblemJson(500, "about:blank", $"down{Escape}[8m")));

        var (code, _, stderr) = await CliRun.WithOutputAsync("connect", "--locator", locator.Url.AbsoluteUri, "--service", "erp");

        Assert.Equal(ExitCodes.LocatorUnreachable, code);
        Assert.Contains("down\\u001b[8m", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Escape, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locate_TokenFile_IsSentAsBearer()
    {
        var placement = new LocateResponse("a", Protocols.Tcp, "10.0.0.5:9001", 1, 5000, Stale: false);
        await using var locator = new CannedHttpServer(CannedHttpServer.Answer("200 OK", "application/json", JsonSerializer.Serialize(placement, ProtocolJsonContext.Default.LocateResponse)));
        var tokenFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(tokenFile, "c1ient-t0ken\n");

            var (code, stdout, _) = await CliRun.WithOutputAsync("locate", "--locator", locator.Url.AbsoluteUri, "--service", "erp", "--token-file", tokenFile);

            Assert.Equal(0, code);
            Assert.StartsWith("tcp 10.0.0.5:9001 cluster=a", stdout, StringComparison.Ordinal);
            Assert.Contains("Authorization: Bearer c1ient-t0ken\r\n", Assert.Single(locator.Heads), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(tokenFile);
        }
    }

    [Theory]
    [InlineData("locate")]
    [InlineData("connect")]
    [InlineData("clusters")]
    public async Task TokenFileMissing_Exits2NamingTheFlag(string command)
    {
        var (code, _, stderr) = await CliRun.WithOutputAsync(command, "--locator", "http://127.0.0.1:1", "--service", "erp", "--token-file", "/nonexistent/token");

        Assert.Equal(2, code);
        Assert.Contains("--token-file '/nonexistent/token' does not exist", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("locate")]
    [InlineData("clusters")]
    public async Task LocatorSays401_ExitsOneSayingToSendAToken(string command)
    {
        await using var locator = new CannedHttpServer(CannedHttpServer.Answer("401 Unauthorized", Problem.ContentType, ProblemJson(401, "about:blank", "This locator only answers clients it knows.")));

        var (code, _, stderr) = await CliRun.WithOutputAsync(command, "--locator", locator.Url.AbsoluteUri, "--service", "erp");

        Assert.Equal(1, code);
        Assert.Contains("This locator only answers clients it knows.", stderr, StringComparison.Ordinal);
        Assert.Contains("--token-file", stderr, StringComparison.Ordinal);
        Assert.Equal(1, locator.Requests);
    }
}
