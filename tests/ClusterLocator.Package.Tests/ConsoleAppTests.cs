using System.Text.Json;

namespace ClusterLocator.Package.Tests;

/// <summary>
/// A fresh <c>dotnet new console</c> app outside the repository that references
/// <c>ClusterLocator.Client</c> from the local feed, as a user's app would, and locates through it.
/// </summary>
[Collection(PackagedSystemGroup.Name)]
public sealed class ConsoleAppTests(PackagedSystem system)
{
    [Fact]
    public async Task FreshApp_RestoresTheClientFromTheFeedAndLocates()
    {
        var app = Path.Combine(system.Root, "app");
        var packages = Path.Combine(system.Root, "app-packages");
        Directory.CreateDirectory(app);

        // ClusterLocator.* only from the local feed (source mapping), everything else from NuGet, into a
        // package folder of this run: what restores is the package just made, never a cached copy.
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{PackageFeed.Directory}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="local"><package pattern="ClusterLocator.*" /></packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages };

        await ChildProcess.RunAsync("dotnet", ["new", "console", "--name", "PackagedClient", "--output", app, "--framework", "net10.0"], app, environment);
        await ChildProcess.RunAsync("dotnet", ["add", "package", "ClusterLocator.Client", "--version", PackageFeed.Version, "--no-restore"], app, environment);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), """
            using ClusterLocator.Client;

            using var locator = new LocatorClient([new Uri(args[0])]);
            var placement = await locator.LocateAsync("erp");
            Console.WriteLine($"placed on {placement.ClusterId} at {placement.Address} over {placement.Protocol}");
            """);

        var output = await ChildProcess.RunAsync("dotnet", ["run", "--", system.Locator.ToString()], app, environment);

        Assert.Contains($"placed on {PackagedSystem.ClusterId} at 127.0.0.1:", output, StringComparison.Ordinal);

        // Both packages came from the feed, the client's protocol dependency included.
        foreach (var id in new[] { "ClusterLocator.Client", "ClusterLocator.Protocol" })
        {
            var metadata = Path.Combine(packages, id.ToLowerInvariant(), PackageFeed.Version, ".nupkg.metadata");
            Assert.True(File.Exists(metadata), $"{id} {PackageFeed.Version} was not restored into {packages}.");
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(metadata));
            Assert.Equal(
                Path.TrimEndingDirectorySeparator(PackageFeed.Directory),
                Path.TrimEndingDirectorySeparator(json.RootElement.GetProperty("source").GetString()!));
        }
    }
}
