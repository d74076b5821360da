namespace ClusterLocator.Package.Tests;

/// <summary>The <c>ClusterLocator.Tool</c> package, installed with <c>dotnet tool install</c> from the local feed.</summary>
[Collection(PackagedSystemGroup.Name)]
public sealed class ToolTests(PackagedSystem system)
{
    [Fact]
    public async Task Version_PrintsThePackageVersion()
    {
        var output = await ChildProcess.RunAsync(system.Tool, ["--version"], system.Root);

        Assert.StartsWith(PackageFeed.Version, output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locate_PlacesOnTheControllerTheToolRuns()
    {
        var output = await ChildProcess.RunAsync(system.Tool, ["locate", "--locator", system.Locator.ToString(), "--service", "erp"], system.Root);

        Assert.Contains($"cluster={PackagedSystem.ClusterId}", output, StringComparison.Ordinal);
        Assert.StartsWith("tcp 127.0.0.1:", output.Trim(), StringComparison.Ordinal);
    }
}
