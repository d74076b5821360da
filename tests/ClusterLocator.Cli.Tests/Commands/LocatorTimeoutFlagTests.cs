using System.Net;
using System.Net.Sockets;
using ClusterLocator.Testing;

namespace ClusterLocator.Cli.Tests.Commands;

/// <summary><c>--locator-timeout</c>: how long the client commands wait for one locator.</summary>
public sealed class LocatorTimeoutFlagTests
{
    [Theory]
    [InlineData("locate")]
    [InlineData("clusters")]
    [InlineData("connect")]
    [InlineData("explain")]
    public async Task ZeroTimeout_Exits2NamingTheFlag(string command)
    {
        var (code, _, stderr) = await CliRun.WithOutputAsync(command, "--locator", "http://127.0.0.1:1", "--service", "erp", "--locator-timeout", "0s");

        Assert.Equal(2, code);
        Assert.Contains("--locator-timeout is 00:00:00: use a positive time", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("locate")]
    [InlineData("clusters")]
    public async Task LocatorThatNeverAnswers_FailsAfterTheTimeoutGiven_Exit4(string command)
    {
        // Accepts connections (the kernel's backlog does) and never answers a byte.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/";

        var (code, _, stderr) = await CliRun.WithOutputAsync(command, "--locator", url, "--service", "erp", "--locator-timeout", "300ms");

        Assert.Equal(ExitCodes.LocatorUnreachable, code);
        Assert.Contains("no answer within 0.3s", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_TeachesTheFlagAndItsDefault()
    {
        var (code, stdout, _) = await CliRun.WithOutputAsync("locate", "--help");

        Assert.Equal(0, code);
        Assert.Contains("--locator-timeout", stdout, StringComparison.Ordinal);
        Assert.Contains("Defaults to 10s", stdout, StringComparison.Ordinal);
    }
}
