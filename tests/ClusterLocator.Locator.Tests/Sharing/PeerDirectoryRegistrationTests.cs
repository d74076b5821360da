using ClusterLocator.Locator.Registry.Etcd;
using ClusterLocator.Locator.Sharing;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterLocator.Locator.Tests.Sharing;

/// <summary>
/// Which <see cref="IPeerDirectory"/> <c>AddClusterLocator</c> makes: the locators found through etcd
/// with the etcd store, together with a directory registered before (the configured peers).
/// </summary>
public sealed class PeerDirectoryRegistrationTests
{
    private static readonly Uri Configured = new("http://10.0.0.5:7400/");

    [Fact]
    public void MemoryStore_IsTheDirectoryRegisteredBefore()
    {
        using var services = Build("memory");

        Assert.Equal([Configured], services.GetRequiredService<IPeerDirectory>().Peers);
    }

    [Fact]
    public void MemoryStore_NoOtherDirectory_NoPeers()
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddClusterLocator();
        using var services = collection.BuildServiceProvider();

        Assert.Empty(services.GetRequiredService<IPeerDirectory>().Peers);
    }

    [Fact]
    public async Task EtcdStore_TheUnionOfTheDirectoryRegisteredBeforeAndTheLocatorsInEtcd()
    {
        // The container disposes the etcd parts asynchronously, as a host does.
        await using var services = Build("etcd://127.0.0.1:1");
        var projection = services.GetRequiredService<EtcdPeerProjection>();
        projection.Loaded([new Mvccpb.KeyValue
        {
            Key = Google.Protobuf.ByteString.CopyFromUtf8("/clusterlocator/locators/other"),
            Value = EtcdPeerProjection.Encode(new Uri("http://10.0.0.6:7400")),
        }]);

        Assert.Equal([Configured, new Uri("http://10.0.0.6:7400/")], services.GetRequiredService<IPeerDirectory>().Peers);
    }

    private static ServiceProvider Build(string store)
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton<IPeerDirectory>(new FixedPeers());
        collection.AddClusterLocator(options => options.Store = store);
        return collection.BuildServiceProvider();
    }

    private sealed class FixedPeers : IPeerDirectory
    {
        public IReadOnlyList<Uri> Peers { get; } = [Configured];
    }
}
