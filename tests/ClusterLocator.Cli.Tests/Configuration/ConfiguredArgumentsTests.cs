using System.CommandLine;
using ClusterLocator.Cli.Configuration;
using Microsoft.Extensions.Configuration;

namespace ClusterLocator.Cli.Tests.Configuration;

public sealed class ConfiguredArgumentsTests
{
    private static (Command Command, RootCommand Root) CreateCommand()
    {
        var command = new Command("locator")
        {
            new Option<string>("--policy"),
            new Option<TimeSpan?>("--report-interval"),
            new Option<string[]>("--urls"),
            new Option<bool>("--insecure"),
        };
        return (command, new RootCommand { command });
    }

    private static IConfiguration Config(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    [Fact]
    public void For_ConfiguredFlagNotOnCommandLine_AddsIt()
    {
        var (command, root) = CreateCommand();
        var parsed = root.Parse(["locator"]);

        var extra = ConfiguredArguments.For(parsed, command, Config(new() { ["Locator:Policy"] = "p2c", ["Locator:ReportInterval"] = "2s" }));

        Assert.Equal(["--policy", "p2c", "--report-interval", "2s"], extra);
    }

    [Fact]
    public void For_FlagOnCommandLine_WinsOverConfiguration()
    {
        var (command, root) = CreateCommand();
        var parsed = root.Parse(["locator", "--policy", "best"]);

        var extra = ConfiguredArguments.For(parsed, command, Config(new() { ["Locator:Policy"] = "p2c" }));

        Assert.Empty(extra);
    }

    [Fact]
    public void For_ListAsArrayOrCommaSeparated_AddsEachValue()
    {
        var (command, root) = CreateCommand();
        var parsed = root.Parse(["locator"]);

        var fromArray = ConfiguredArguments.For(parsed, command, Config(new() { ["Locator:Urls:0"] = "http://a:1", ["Locator:Urls:1"] = "http://b:2" }));
        var fromString = ConfiguredArguments.For(parsed, command, Config(new() { ["Locator:Urls"] = "http://a:1, http://b:2" }));

        Assert.Equal(["--urls", "http://a:1", "--urls", "http://b:2"], fromArray);
        Assert.Equal(fromArray, fromString);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void For_BooleanFlag_AddedOnlyWhenTrue(string value, bool added)
    {
        var (command, root) = CreateCommand();
        var parsed = root.Parse(["locator"]);

        var extra = ConfiguredArguments.For(parsed, command, Config(new() { ["Locator:Insecure"] = value }));

        Assert.Equal(added, extra.Contains("--insecure"));
    }

    [Fact]
    public void Load_ReadsAppSettingsAndPrefixedEnvironment()
    {
        var directory = Directory.CreateTempSubdirectory();
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "appsettings.json"), """{ "Locator": { "Policy": "weighted" } }""");

            var configuration = ConfiguredArguments.Load(directory.FullName);

            Assert.Equal("weighted", configuration["Locator:Policy"]);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
