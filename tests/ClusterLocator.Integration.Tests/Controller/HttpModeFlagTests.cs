using ClusterLocator.Integration.Tests.Infrastructure;

namespace ClusterLocator.Integration.Tests.Controller;

/// <summary><c>clusterlocator controller --http-mode</c>: what it accepts, and the fix it names when it cannot apply.</summary>
public sealed class HttpModeFlagTests
{
    private static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string listen, string mode) =>
        CliProcess.RunAsync(
            "controller", "--cluster", "a", "--service", "erp", "--capacity", "10",
            "--listen", listen, "--member", "127.0.0.1:7001", "--locator", "http://127.0.0.1:7400", "--http-mode", mode);

    [Fact]
    public async Task Controller_PinnedWithoutAnHttpFrontDoor_Exits2NamingTheFlag()
    {
        var (code, _, stderr) = await RunAsync("tcp://127.0.0.1:9001", "pinned");

        Assert.Equal(2, code);
        Assert.Contains("--http-mode is Pinned but no --listen is http:// or https://", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("ControllerOptions.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Controller_UnknownMode_Exits2ListingTheModes()
    {
        var (code, _, stderr) = await RunAsync("http://127.0.0.1:9002", "sticky");

        Assert.Equal(2, code);
        Assert.Contains("sticky", stderr, StringComparison.Ordinal);
        Assert.Contains("pinned", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ControllerHelp_ListsTheModes()
    {
        var (code, stdout, _) = await CliProcess.RunAsync("controller", "--help");

        Assert.Equal(0, code);
        Assert.Contains("--http-mode <per-request|pinned>", stdout, StringComparison.Ordinal);
    }
}
