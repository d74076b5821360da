namespace ClusterLocator.Locator.Tests.Sharing;

/// <summary>With the etcd store, locators find each other: configured peers would be sent every batch twice.</summary>
public sealed class EtcdPeersOptionsValidatorTests
{
    [Fact]
    public void Validate_PeersWithTheEtcdStore_AreRefused()
    {
        var options = new LocatorOptions { Store = "etcd://127.0.0.1:2379" };
        options.Peers.Add("http://10.0.0.3:7400");

        var error = Assert.Single(LocatorOptionsValidator.Validate(options));

        Assert.StartsWith("LocatorOptions.Peers is set with the etcd store: with the etcd store locators find each other; LocatorOptions.Peers is for the memory store.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EtcdStoreWithoutPeers_IsAccepted()
    {
        Assert.Empty(LocatorOptionsValidator.Validate(new LocatorOptions { Store = "etcd://127.0.0.1:2379" }));
    }
}
