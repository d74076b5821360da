using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Cli;

/// <summary>
/// Where the real executable finds its locators and flags besides the command line
/// (<c>CLUSTERLOCATOR_LOCATOR</c>, <c>--config FILE</c>), and its exit codes when a locator answers
/// that nothing is eligible or none answers.
/// </summary>
public sealed class LocatorAddressAndConfigTests : IDisposable
{
    private const string AddressVariable = "CLUSTERLOCATOR_LOCATOR";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("clusterlocator-config-");

    public void Dispose() => _directory.Delete(recursive: true);

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        await using var cli = CliProcess.Start(args, environment);
        var code = await cli.WaitForExitAsync();
        return (code, cli.Stdout, cli.Stderr);
    }

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("locate")]
    [InlineData("clusters")]
    public async Task AddressVariable_IsUsedWhenNoLocatorFlag(string command)
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("c1", Reports.Create(tcp: "127.0.0.1:9101"));

        var (code, stdout, stderr) = await RunAsync(new Dictionary<string, string> { [AddressVariable] = locator.BaseAddress.ToString() }, command, "--service", "erp");

        Assert.True(code == 0, $"{command} exited {code}: {stderr}");
        Assert.Contains("c1", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddressVariable_CommaSeparated_FailsOverInOrder()
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("c1", Reports.Create(tcp: "127.0.0.1:9101"));
        var addresses = $"{LoopbackPorts.DeadUrl()}, {locator.BaseAddress}";

        var (code, stdout, stderr) = await RunAsync(new Dictionary<string, string> { [AddressVariable] = addresses }, "locate", "--service", "erp");

        Assert.True(code == 0, $"locate exited {code}: {stderr}");
        Assert.Contains("cluster=c1", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddressVariable_ServesConnect_ThereNothingEligibleExits3()
    {
        await using var locator = await TestLocator.StartAsync();

        var (code, _, stderr) = await RunAsync(new Dictionary<string, string> { [AddressVariable] = locator.BaseAddress.ToString() }, "connect", "--service", "nobody");

        Assert.Equal(3, code);
        Assert.Contains("No cluster of 'nobody' is eligible", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddressVariable_ServesController_WhichRegistersThere()
    {
        await using var locator = await TestLocator.StartAsync();

        await using var controller = CliProcess.Start(
            ["controller", "--cluster", "from-env", "--service", "erp", "--capacity", "10", "--listen", "tcp://127.0.0.1:0", "--member", $"127.0.0.1:{LoopbackPorts.Free()}", "--admin-urls", "off"],
            new Dictionary<string, string> { [AddressVariable] = locator.BaseAddress.ToString() });

        await Eventually.HoldsAsync(async () => await locator.ClusterAsync("from-env") is not null, "the controller to register with the variable's locator");
        controller.Terminate();
        Assert.Equal(0, await controller.WaitForExitAsync());
    }

    [Fact]
    public async Task LocatorFlag_WinsOverTheAddressVariable()
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("c1", Reports.Create(tcp: "127.0.0.1:9101"));

        // Were the variable used, no locator would answer (exit 4).
        var (code, stdout, stderr) = await RunAsync(
            new Dictionary<string, string> { [AddressVariable] = LoopbackPorts.DeadUrl().ToString() },
            "locate", "--locator", locator.BaseAddress.ToString(), "--service", "erp");

        Assert.True(code == 0, $"locate exited {code}: {stderr}");
        Assert.Contains("cluster=c1", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("locate")]
    [InlineData("controller")]
    public async Task AddressVariable_NotAUrl_Exits2NamingTheVariable(string command)
    {
        string[] args = command == "controller"
            ? [command, "--cluster", "a", "--service", "erp", "--capacity", "1", "--listen", "tcp://127.0.0.1:0", "--member", "127.0.0.1:1", "--admin-urls", "off"]
            : [command, "--service", "erp"];

        var (code, stdout, stderr) = await RunAsync(new Dictionary<string, string> { [AddressVariable] = "locator.example:7400" }, args);

        Assert.Equal(2, code);
        Assert.Contains($"{AddressVariable} holds 'locator.example:7400', which is not an http(s) URL", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("listening", stdout, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ConfigFile_ValuesAreApplied_AndTheVariableWinsOverThem()
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("c1", Reports.Create(tcp: "127.0.0.1:9101"));
        var good = WriteFile("good.json", $$"""{ "locate": { "locator": [ "{{locator.BaseAddress}}" ], "service": "erp", "json": true } }""");
        var dead = WriteFile("dead.json", $$"""{ "locate": { "locator": "{{LoopbackPorts.DeadUrl()}}", "service": "erp" } }""");

        var fromFile = await RunAsync(null, "locate", "--config", good);
        var variableOverFile = await RunAsync(new Dictionary<string, string> { [AddressVariable] = locator.BaseAddress.ToString() }, "locate", "--config", dead);

        Assert.True(fromFile.ExitCode == 0, $"locate exited {fromFile.ExitCode}: {fromFile.Stderr}");
        Assert.Contains("\"clusterId\":\"c1\"", fromFile.Stdout, StringComparison.Ordinal);
        Assert.True(variableOverFile.ExitCode == 0, $"locate exited {variableOverFile.ExitCode}: {variableOverFile.Stderr}");
    }

    [Fact]
    public async Task ConfigFile_BadValue_Exits2NamingTheFlagAndTheFile()
    {
        var path = WriteFile("slow.json", """{ "locate": { "locator-timeout": "soon" } }""");

        var (code, _, stderr) = await RunAsync(null, "locate", "--config", path, "--locator", "http://127.0.0.1:1", "--service", "erp");

        Assert.Equal(2, code);
        Assert.Contains($"--locator-timeout 'soon' is not a duration", stderr, StringComparison.Ordinal);
        Assert.Contains($"(from --config '{path}')", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"locator\": { \"policy\": ", "is not a JSON object of flags", "LineNumber")]
    [InlineData("{ \"locator\": { \"polcy\": \"p2c\" } }", "'locator:polcy' is not a flag of 'clusterlocator locator'", "a key is a flag's name")]
    [InlineData("{ \"locatr\": { } }", "'locatr' is not a command", "locator")]
    public async Task ConfigFile_Malformed_Exits2NamingTheFileAndStartsNothing(string text, string problem, string hint)
    {
        var path = WriteFile("bad.json", text);

        var (code, stdout, stderr) = await RunAsync(null, "locator", "--urls", "http://127.0.0.1:0", "--config", path);

        Assert.Equal(2, code);
        Assert.Contains($"--config '{path}'", stderr, StringComparison.Ordinal);
        Assert.Contains(problem, stderr, StringComparison.Ordinal);
        Assert.Contains(hint, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("listening", stdout, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ConfigFile_Missing_Exits2NamingIt()
    {
        var path = Path.Combine(_directory.FullName, "absent.json");

        var (code, _, stderr) = await RunAsync(null, "locate", "--config", path, "--service", "erp");

        Assert.Equal(2, code);
        Assert.Contains($"--config '{path}': it does not exist", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("clusters")]
    [InlineData("explain")]
    [InlineData("connect")]
    public async Task ClosedPort_Exits4(string command)
    {
        var dead = LoopbackPorts.DeadUrl().ToString();

        var (code, _, stderr) = await RunAsync(null, command, "--locator", dead, "--service", "erp");

        Assert.Equal(4, code);
        Assert.Contains(dead.TrimEnd('/'), stderr, StringComparison.Ordinal);
    }
}
