namespace ClusterLocator.Cli.Tests.Commands;

/// <summary><c>clusterlocator locator --advertise-url</c>: a URL no peer can reach is a usage error (exit 2) naming the flag.</summary>
public sealed class LocatorAdvertiseUrlFlagTests
{
    [Fact]
    public async Task Locator_AdvertiseUrlIsAWildcard_Exits2NamingTheFlagAndAnExample()
    {
        var (code, stderr) = await CliRun.RunAsync("locator", "--store", "etcd://127.0.0.1:2379", "--advertise-url", "http://0.0.0.0:7400");

        Assert.True(code == 2, stderr);
        Assert.Contains("error: --advertise-url 'http://0.0.0.0:7400' is not a URL other locators can reach", stderr, StringComparison.Ordinal);
        Assert.Contains("for example http://10.0.0.2:7400", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locator_Help_TeachesWhenToSetTheAdvertiseUrl()
    {
        var (_, help, _) = await CliRun.WithOutputAsync("locator", "--help");
        Assert.Contains("--advertise-url", help, StringComparison.Ordinal);
        Assert.Contains("container, NAT", help, StringComparison.Ordinal);
    }
}
