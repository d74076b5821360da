using ClusterLocator.Locator.Registry.Etcd;
using ClusterLocator.Locator.Sharing;
using ClusterLocator.Testing;
using Google.Protobuf;
using Mvccpb;

namespace ClusterLocator.Locator.Tests.Sharing;

/// <summary>A URL announced in etcd is read as a configured peer's is (<see cref="PeerAddress"/>).</summary>
public sealed class EtcdPeerUrlTests
{
    private readonly EtcdPeerProjection _projection = new(new EtcdStoreSettings("/cl/", TimeSpan.FromSeconds(3)), new LocatorInstance(), new ListLogger<EtcdPeerProjection>());

    [Theory]
    [InlineData("http://10.0.0.1:7400/locator", "http://10.0.0.1:7400/locator/")]
    [InlineData("http://10.0.0.1:7400/locator/", "http://10.0.0.1:7400/locator/")]
    [InlineData("https://locator-b.internal:7400", "https://locator-b.internal:7400/")]
    public void AnnouncedUrl_KeepsItsPath_AsABaseUrl(string announced, string peer)
    {
        _projection.Loaded([Key("b", announced)]);

        var url = Assert.Single(_projection.Peers);
        Assert.Equal(new Uri(peer), url);
        Assert.Equal(new Uri(peer + "v1/placements"), new PeerLink(url).Target);
    }

    [Theory]
    [InlineData("http://0.0.0.0:7400")]
    [InlineData("http://user:secret@10.0.0.1:7400")]
    [InlineData("ftp://10.0.0.1")]
    public void AnnouncedUrl_NotAPeersBaseUrl_IsSkipped(string announced)
    {
        _projection.Loaded([Key("b", announced)]);

        Assert.Empty(_projection.Peers);
    }

    private static KeyValue Key(string id, string url) => new()
    {
        Key = ByteString.CopyFromUtf8("/cl/locators/" + id),
        Value = ByteString.CopyFromUtf8($$"""{"url":"{{url}}"}"""),
    };
}
