using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Cli;

/// <summary><c>clusterlocator connect</c>: a netcat through the locator, run as the real executable.</summary>
public sealed class ConnectCommandTests
{
    [Fact]
    public async Task Connect_PipesStdinToTheChosenClusterAndItsAnswerToStdout()
    {
        await using var locator = await TestLocator.StartAsync();
        await using var member = EchoServer.Start();
        await locator.RegisterAsync("echo-1", Reports.Create(service: "echo", tcp: member.Address));

        await using var connect = CliProcess.Start(["connect", "--locator", locator.BaseAddress.ToString(), "--service", "echo"]);
        await connect.WriteInputAndCloseAsync("hello through the locator\nsecond line\n");

        Assert.Equal(0, await connect.WaitForExitAsync());
        Assert.Equal("hello through the locator\nsecond line\n", connect.Stdout.ReplaceLineEndings("\n"));
        Assert.Contains($"connected to cluster echo-1 at {member.Address}", connect.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_ClusterRefuses_SkipsItForTheNextEligibleOne()
    {
        await using var locator = await TestLocator.StartAsync();
        await using var member = EchoServer.Start();
        var dead = $"127.0.0.1:{LoopbackPorts.Free()}";

        // The dead cluster looks healthiest, so it is chosen first and must be skipped.
        await locator.RegisterAsync("dead", Reports.Create(service: "echo", tcp: dead, capacity: 1000));
        await locator.RegisterAsync("alive", Reports.Create(service: "echo", tcp: member.Address, capacity: 1000, sessions: 500));

        await using var connect = CliProcess.Start(["connect", "--locator", locator.BaseAddress.ToString(), "--service", "echo"]);
        await connect.WriteInputAndCloseAsync("ping\n");

        Assert.Equal(0, await connect.WaitForExitAsync());
        Assert.Equal("ping\n", connect.Stdout.ReplaceLineEndings("\n"));
        Assert.Contains($"skipped cluster dead at {dead}: connection refused", connect.Stderr, StringComparison.Ordinal);
        Assert.Contains("connected to cluster alive", connect.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_NothingEligible_ExitsWith3AndTheLocatorsReason()
    {
        await using var locator = await TestLocator.StartAsync();

        var (code, stdout, stderr) = await CliProcess.RunAsync("connect", "--locator", locator.BaseAddress.ToString(), "--service", "nobody");

        Assert.Equal(3, code);
        Assert.Empty(stdout);
        Assert.Contains("No cluster of 'nobody' is eligible", stderr, StringComparison.Ordinal);
        Assert.Contains("--service nobody", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_InvalidService_ExitsWith2BeforeAskingAnyLocator()
    {
        var (code, _, stderr) = await CliProcess.RunAsync("connect", "--locator", LoopbackPorts.DeadUrl().ToString(), "--service", "bad name");

        Assert.Equal(2, code);
        Assert.Contains("'service' is 'bad name'", stderr, StringComparison.Ordinal);
        Assert.Contains("Run 'clusterlocator connect --help' for usage.", stderr, StringComparison.Ordinal);
    }
}
