using ClusterLocator.Locator.Registry.Etcd;
using ClusterLocator.Locator.Sharing;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterLocator.Locator.Tests.Sharing;

/// <summary>
/// Which <see cref="IPeerDirectory"/> <c>AddClusterLocator</c> makes: the configured peers with the
/// memory store, the locators found through etcd with the etcd store, never both.
/// </summary>
public sealed class PeerDirectoryRegistrationTests
{
    [Fact]
    public void MemoryStore_IsTheConfiguredPeers()
    {
        using var services = Build("memory", "http://10.0.0.5:7400");

        Assert.Equal([new Uri("http://10.0.0.5:7400/")], services.GetRequiredService<IPeerDirectory>().Peers);
    }

    [Fact]
    public void MemoryStore_NoPeers_NoPeers()
    {
        using var services = Build("memory");

        Assert.Empty(services.GetRequiredService<IPeerDirectory>().Peers);
    }

    [Fact]
    public async Task EtcdStore_IsTheLocatorsInEtcdAlone()
    {
        // The container disposes the etcd parts asynchronously, as a host does.
        await using var services = Build("etcd://127.0.0.1:1");
        var projection = services.GetRequiredService<EtcdPeerProjection>();
        projection.Loaded([new Mvccpb.KeyValue
        {
            Key = Google.Protobuf.ByteString.CopyFromUtf8("/clusterlocator/locators/other"),
            Value = EtcdPeerProjection.Encode(new Uri("http://10.0.0.6:7400")),
        }]);

        Assert.Same(services.GetRequiredService<EtcdPeerDirectory>(), services.GetRequiredService<IPeerDirectory>());
        Assert.Equal([new Uri("http://10.0.0.6:7400/")], services.GetRequiredService<IPeerDirectory>().Peers);
    }

    private static ServiceProvider Build(string store, params string[] peers)
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddClusterLocator(options =>
        {
            options.Store = store;
            foreach (var peer in peers)
            {
                options.Peers.Add(peer);
            }
        });
        return collection.BuildServiceProvider();
    }
}
