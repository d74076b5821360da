using ClusterLocator.Testing;

namespace ClusterLocator.Cli.Tests.Commands;

/// <summary>
/// The locator's <c>--client-placement-share</c>, <c>--client-rate</c> and <c>--client-credentials</c>:
/// bad usage exits 2 naming the flag and the fix.
/// </summary>
public sealed class FairnessFlagsTests : IDisposable
{
    private readonly TestCertificates _files = TestCertificates.Create();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("ten")]
    [InlineData("10")]
    public async Task Locator_ClientPlacementShareThatIsNotAShare_Exits2ShowingHowToWriteOne(string value)
    {
        var (code, stderr) = await CliRun.RunAsync("locator", "--client-placement-share", value);

        Assert.Equal(2, code);
        Assert.Contains($"--client-placement-share '{value}' is not a share: write a percentage such as 10% or a fraction from 0 to 1 such as 0.1.", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0%")]
    [InlineData("150%")]
    public async Task Locator_ClientPlacementShareOutOfRange_Exits2NamingTheFlag(string value)
    {
        var (code, stderr) = await CliRun.RunAsync("locator", "--client-placement-share", value);

        Assert.Equal(2, code);
        Assert.Contains("error: --client-placement-share", stderr, StringComparison.Ordinal);
        Assert.Contains("is out of range: use a fraction of the service's capacity above 0 and at most 1", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locator_NegativeClientRate_Exits2NamingTheFlag()
    {
        var (code, stderr) = await CliRun.RunAsync("locator", "--client-rate", "-1");

        Assert.Equal(2, code);
        Assert.Contains("error: --client-rate -1 is out of range: use 1 to", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locator_MissingClientCredentials_Exits2NamingTheFlagAndThePath()
    {
        var missing = Path.Combine(_files.Directory, "missing.json");

        var (code, stderr) = await CliRun.RunAsync("locator", "--client-credentials", missing);

        Assert.Equal(2, code);
        Assert.Contains($"error: --client-credentials '{missing}': it does not exist", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locator_ClientCredentialsNamingClusters_Exits2SayingToLeaveThemOut()
    {
        var file = _files.Write("clients.json", """{ "credentials": [ { "name": "erp-clients", "tokenSha256": "0000000000000000000000000000000000000000000000000000000000000000", "clusters": ["erp-*"] } ] }""");

        var (code, stderr) = await CliRun.RunAsync("locator", "--client-credentials", file);

        Assert.Equal(2, code);
        Assert.Contains("credentials[0].clusters: a client's credential names only the services it may locate; leave clusters out.", stderr, StringComparison.Ordinal);
    }
}
