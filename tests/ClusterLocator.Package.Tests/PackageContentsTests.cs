using System.Text.Json;

namespace ClusterLocator.Package.Tests;

/// <summary>What every package of the feed carries: licence, README, repository, symbols, docs, dependencies.</summary>
public sealed class PackageContentsTests
{
    private const string Repository = "https://github.com/clusterlocator/clusterlocator";

    public static TheoryData<string> Packages { get; } = new(["ClusterLocator.Tool", "ClusterLocator.Client", "ClusterLocator.Protocol", "ClusterLocator.Controller", "ClusterLocator.Locator", "ClusterLocator.ServiceDiscovery", "ClusterLocator.Yarp"]);

    public static TheoryData<string> Libraries { get; } = new(["ClusterLocator.Client", "ClusterLocator.Protocol", "ClusterLocator.Controller", "ClusterLocator.Locator", "ClusterLocator.ServiceDiscovery", "ClusterLocator.Yarp"]);

    [Theory]
    [MemberData(nameof(Packages))]
    public void Package_CarriesLicenceReadmeRepositoryAndSymbols(string id)
    {
        var metadata = PackageFeed.Nuspec(id).Element("metadata")!;
        var files = PackageFeed.Files(id);

        Assert.Equal("expression", metadata.Element("license")?.Attribute("type")?.Value);
        Assert.Equal("MIT", metadata.Element("license")?.Value);
        Assert.Equal("README.md", metadata.Element("readme")?.Value);
        Assert.Contains("README.md", files);
        Assert.Contains("LICENSE", files);
        Assert.Contains("Copyright (c) 2026 ClusterLocator contributors", PackageFeed.ReadText(id, "LICENSE"), StringComparison.Ordinal);
        Assert.Equal(Repository, metadata.Element("projectUrl")?.Value);
        Assert.Equal(Repository, metadata.Element("repository")?.Attribute("url")?.Value);
        Assert.Matches("^[0-9a-f]{40}$", metadata.Element("repository")?.Attribute("commit")?.Value ?? string.Empty);
        Assert.Contains(PackageFeed.Files(id, "snupkg"), f => f.EndsWith(".pdb", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Library_ShipsItsXmlDocs(string id)
    {
        var files = PackageFeed.Files(id);

        Assert.Contains($"lib/net10.0/{id}.dll", files);
        Assert.Contains($"lib/net10.0/{id}.xml", files);
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Library_DependsOnlyOnPackagesThatExist(string id)
    {
        var dependencies = PackageFeed.Nuspec(id).Descendants("dependency");

        foreach (var dependency in dependencies.Where(d => d.Attribute("id")!.Value.StartsWith("ClusterLocator.", StringComparison.Ordinal)))
        {
            var dependencyId = dependency.Attribute("id")!.Value;
            Assert.Equal(PackageFeed.Version, dependency.Attribute("version")?.Value);
            Assert.True(File.Exists(PackageFeed.PathOf(dependencyId)), $"{id} depends on {dependencyId}, which is not in the feed.");
        }
    }

    [Fact]
    public void Tool_IsTheClusterlocatorCommandAndRollsForward()
    {
        var files = PackageFeed.Files("ClusterLocator.Tool");

        Assert.Contains("<Command Name=\"clusterlocator\" EntryPoint=\"clusterlocator.dll\"", PackageFeed.ReadText("ClusterLocator.Tool", "tools/net10.0/any/DotnetToolSettings.xml"), StringComparison.Ordinal);
        using var runtimeConfig = JsonDocument.Parse(PackageFeed.ReadText("ClusterLocator.Tool", "tools/net10.0/any/clusterlocator.runtimeconfig.json"));
        Assert.Equal("Major", runtimeConfig.RootElement.GetProperty("runtimeOptions").GetProperty("rollForward").GetString());
        Assert.Empty(PackageFeed.Nuspec("ClusterLocator.Tool").Descendants("dependency"));

        // The plot renderer's natives: those of the runtimes the tool is for, and only those.
        var runtimes = files
            .Where(f => f.StartsWith("tools/net10.0/any/runtimes/", StringComparison.Ordinal) && f.Split('/')[5] == "native")
            .Select(f => f.Split('/')[4])
            .Distinct()
            .Order(StringComparer.Ordinal);
        Assert.Equal(["linux-arm64", "linux-musl-arm64", "linux-musl-x64", "linux-x64", "osx", "win-arm64", "win-x64"], runtimes);
    }
}
