namespace ClusterLocator.Package.Tests;

/// <summary>The tests that share one installed tool and its running locator and controller.</summary>
[CollectionDefinition(Name)]
public sealed class PackagedSystemGroup : ICollectionFixture<PackagedSystem>
{
    public const string Name = "packaged system";
}
