using ClusterLocator.Cli.Output;

namespace ClusterLocator.Cli.Tests.Output;

public class OptionFlagsTests
{
    private static readonly OptionFlags Flags = new(new Dictionary<string, string>
    {
        ["LocatorOptions.Store"] = "--store",
        ["LocatorOptions.StorePrefix"] = "--store-prefix",
    });

    [Fact]
    public void Rewrite_NamesTheFlag_ForEachMappedProperty_WholeNamesOnly()
    {
        Assert.Equal(
            "--store-prefix 'x' must start with '/'; --store is 'etcd://h:1'.",
            Flags.Rewrite("LocatorOptions.StorePrefix 'x' must start with '/'; LocatorOptions.Store is 'etcd://h:1'."));
    }

    [Fact]
    public void Rewrite_LeavesUnmappedPropertiesAsTheyAre()
    {
        Assert.Equal("LocatorOptions.Lease is too long.", Flags.Rewrite("LocatorOptions.Lease is too long."));
    }
}
