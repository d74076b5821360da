using System.Text;
using ClusterLocator.Locator.Registry.Etcd;
using ClusterLocator.Locator.Sharing;
using ClusterLocator.Testing;
using Google.Protobuf;
using Mvccpb;

namespace ClusterLocator.Locator.Tests.Registry.Etcd;

public sealed class EtcdPeerProjectionTests
{
    private readonly ListLogger<EtcdPeerProjection> _log = new();
    private readonly EtcdPeerProjection _projection;
    private int _ownKeyGone;

    public EtcdPeerProjectionTests()
    {
        _projection = new EtcdPeerProjection(new EtcdStoreSettings("/cl/", TimeSpan.FromSeconds(3)), new LocatorInstance(), _log);
        _projection.OwnKeyGone += () => _ownKeyGone++;
    }

    [Fact]
    public void Loaded_OtherLocators_ArePeers_NeverItself()
    {
        _projection.Loaded([Key("a", "http://10.0.0.1:7400"), Key(_projection.InstanceId, "http://10.0.0.9:7400"), Key("b", "http://10.0.0.2:7400")]);

        Assert.Equal([new Uri("http://10.0.0.1:7400/"), new Uri("http://10.0.0.2:7400/")], _projection.Peers.OrderBy(url => url.ToString()));
        Assert.Equal(0, _ownKeyGone);
    }

    [Fact]
    public void Watched_APeersKeyDeleted_DropsThePeer()
    {
        _projection.Watched([Put("a", "http://10.0.0.1:7400"), Put("b", "http://10.0.0.2:7400")]);

        _projection.Watched([Delete("a")]);

        Assert.Equal([new Uri("http://10.0.0.2:7400/")], _projection.Peers);
    }

    [Fact]
    public void Watched_OwnKeyDeleted_AsksToAnnounceAgain()
    {
        _projection.Watched([Put(_projection.InstanceId, "http://10.0.0.9:7400")]);
        Assert.Equal(0, _ownKeyGone);

        _projection.Watched([Delete(_projection.InstanceId)]);

        Assert.Equal(1, _ownKeyGone);
        Assert.Empty(_projection.Peers);
    }

    [Fact]
    public void Loaded_OwnKeyMissing_AsksToAnnounceAgain()
    {
        _projection.Loaded([Key("a", "http://10.0.0.1:7400")]);

        Assert.Equal(1, _ownKeyGone);
    }

    [Fact]
    public void Watched_AKeyNamingItsOwnUrl_IsNoPeer()
    {
        // The previous run of this locator, killed, at the same URL: its key lasts until its lease runs out.
        _projection.Advertised = new Uri("http://10.0.0.9:7400/");

        _projection.Watched([Put("previous-run", "http://10.0.0.9:7400"), Put("a", "http://10.0.0.1:7400")]);

        Assert.Equal([new Uri("http://10.0.0.1:7400/")], _projection.Peers);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"url\":\"http://0.0.0.0:7400\"}")]
    [InlineData("{\"url\":42}")]
    [InlineData("[]")]
    public void Watched_AnUnreadableKey_IsSkippedAndLogged(string value)
    {
        _projection.Watched([Put("a", "http://10.0.0.1:7400"), new Event { Type = Event.Types.EventType.Put, Kv = Raw("odd", ByteString.CopyFromUtf8(value)) }]);

        Assert.Equal([new Uri("http://10.0.0.1:7400/")], _projection.Peers);
        var entry = Assert.Single(_log.Entries);
        Assert.Equal(450, entry.Id.Id);
        Assert.Contains("/cl/locators/odd", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_IsReadBackByAnotherLocator()
    {
        var other = new EtcdPeerProjection(new EtcdStoreSettings("/cl/", TimeSpan.FromSeconds(3)), new LocatorInstance(), new ListLogger<EtcdPeerProjection>());

        other.Watched([new Event { Type = Event.Types.EventType.Put, Kv = Raw(_projection.InstanceId, EtcdPeerProjection.Encode(new Uri("https://locator-1.example:7400"))) }]);

        Assert.Equal([new Uri("https://locator-1.example:7400/")], other.Peers);
        Assert.Equal("{\"url\":\"https://locator-1.example:7400/\"}", Encoding.UTF8.GetString(EtcdPeerProjection.Encode(new Uri("https://locator-1.example:7400")).Span));
    }

    private static KeyValue Key(string id, string url) => Raw(id, EtcdPeerProjection.Encode(new Uri(url)));

    private static KeyValue Raw(string id, ByteString value) => new() { Key = ByteString.CopyFromUtf8("/cl/locators/" + id), Value = value };

    private static Event Put(string id, string url) => new() { Type = Event.Types.EventType.Put, Kv = Key(id, url) };

    private static Event Delete(string id) => new() { Type = Event.Types.EventType.Delete, Kv = new KeyValue { Key = ByteString.CopyFromUtf8("/cl/locators/" + id) } };
}
