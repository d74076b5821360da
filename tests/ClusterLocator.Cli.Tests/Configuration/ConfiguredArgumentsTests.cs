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

    private static ConfigurationLayer[] Config(Dictionary<string, string?> values) =>
        [new ConfigurationLayer("test", new ConfigurationBuilder().AddInMemoryCollection(values).Build())];

    [Fact]
    public void For_ConfiguredFlagNotOnCommandLine_AddsIt()
    {
        var (command, root) = CreateCommand();
        var parsed = root.Parse(["locator"]);

        var extra = ConfiguredArguments.For(parsed, command, Config(new() { ["Locator:Policy"] = "p2c", ["Locator:ReportInterval"] = "2s" })).Arguments;

        Assert.Equal(["--policy", "p2c", "--report-interval", "2s"], extra);
    }

    [Fact]
    public void For_FlagOnCommandLine_WinsOverConfiguration()
    {
        var (command, root) = CreateCommand();
        var parsed = root.Parse(["locator", "--policy", "best"]);

        var extra = ConfiguredArguments.For(parsed, command, Config(new() { ["Locator:Policy"] = "p2c" })).Arguments;

        Assert.Empty(extra);
    }

    [Fact]
    public void For_ListAsArrayOrCommaSeparated_AddsEachValue()
    {
        var (command, root) = CreateCommand();
        var parsed = root.Parse(["locator"]);

        var fromArray = ConfiguredArguments.For(parsed, command, Config(new() { ["Locator:Urls:0"] = "http://a:1", ["Locator:Urls:1"] = "http://b:2" })).Arguments;
        var fromString = ConfiguredArguments.For(parsed, command, Config(new() { ["Locator:Urls"] = "http://a:1, http://b:2" })).Arguments;

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

        var extra = ConfiguredArguments.For(parsed, command, Config(new() { ["Locator:Insecure"] = value })).Arguments;

        Assert.Equal(added, extra.Contains("--insecure"));
    }

    [Fact]
    public void Load_ReadsAppSettingsInTheWorkingDirectory_WhateverElseItHolds()
    {
        var directory = Directory.CreateTempSubdirectory();
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "appsettings.json"), """{ "Logging": { "LogLevel": { "Default": "Warning" } }, "Locator": { "Policy": "weighted" } }""");
            var (command, root) = CreateCommand();

            var (layers, errors) = ConfiguredArguments.Load(directory.FullName, configFile: null, root);

            Assert.Empty(errors);
            Assert.Equal(["--policy", "weighted"], ConfiguredArguments.For(root.Parse(["locator"]), command, layers).Arguments);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Load_ConfigFile_ReplacesAppSettings()
    {
        var directory = Directory.CreateTempSubdirectory();
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "appsettings.json"), """{ "Locator": { "Policy": "weighted", "Insecure": true } }""");
            var file = Path.Combine(directory.FullName, "cli.json");
            File.WriteAllText(file, """{ "locator": { "policy": "p2c", "report-interval": "2s" } }""");
            var (command, root) = CreateCommand();

            var (layers, errors) = ConfiguredArguments.Load(directory.FullName, file, root);

            Assert.Empty(errors);
            Assert.Equal(["--policy", "p2c", "--report-interval", "2s"], ConfiguredArguments.For(root.Parse(["locator"]), command, layers).Arguments);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void For_FirstLayerThatSetsAFlag_GivesAllItsValues()
    {
        var (command, root) = CreateCommand();
        ConfigurationLayer[] layers =
        [
            .. Config(new() { ["Locator:Urls"] = "http://env:1" }),
            new ConfigurationLayer("file", new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Locator:Urls:0"] = "http://a:1", ["Locator:Urls:1"] = "http://b:2", ["Locator:Policy"] = "p2c" }).Build()),
        ];

        var configured = ConfiguredArguments.For(root.Parse(["locator"]), command, layers);

        Assert.Equal(["--policy", "p2c", "--urls", "http://env:1"], configured.Arguments);
        Assert.Equal("test", configured.Sources[command.Options.Single(o => o.Name == "--urls")]);
        Assert.Equal("file", configured.Sources[command.Options.Single(o => o.Name == "--policy")]);
    }

    [Theory]
    [InlineData("http://a:7400", new[] { "--locator", "http://a:7400" })]
    [InlineData("http://a:7400, https://b:7400", new[] { "--locator", "http://a:7400", "--locator", "https://b:7400" })]
    public void LocatorAddressVariable_GivesTheLocatorFlagToTheCommandsThatHaveIt(string value, string[] expected)
    {
        var command = new Command("locate") { new Option<Uri[]>("--locator") };
        var root = new RootCommand { command };

        var configured = ConfiguredArguments.For(root.Parse(["locate"]), command, [LocatorAddressVariable.Layer(value)!]);

        Assert.Equal(expected, configured.Arguments);
        Assert.Empty(configured.Errors);
    }

    [Fact]
    public void LocatorAddressVariable_NotAUrl_IsAnErrorNamingTheVariable()
    {
        var command = new Command("controller") { new Option<string[]>("--locator") };
        var root = new RootCommand { command };

        var configured = ConfiguredArguments.For(root.Parse(["controller"]), command, [LocatorAddressVariable.Layer("locator.example:7400")!]);

        Assert.StartsWith("CLUSTERLOCATOR_LOCATOR holds 'locator.example:7400', which is not an http(s) URL", Assert.Single(configured.Errors), StringComparison.Ordinal);
    }
}
