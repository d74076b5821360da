using ClusterLocator.Locator.Registry.Etcd;
using ClusterLocator.Locator.Sharing;
using ClusterLocator.Testing;
using Google.Protobuf;
using Mvccpb;

namespace ClusterLocator.Locator.Tests.Sharing;

/// <summary>The locators found through etcd are held to the same limit as <see cref="LocatorOptions.Peers"/>.</summary>
public sealed class EtcdPeerLimitTests
{
    private readonly ListLogger<EtcdPeerProjection> _log = new();
    private readonly EtcdPeerProjection _projection;

    public EtcdPeerLimitTests() =>
        _projection = new EtcdPeerProjection(new EtcdStoreSettings("/cl/", TimeSpan.FromSeconds(3)), new LocatorInstance(), _log);

    [Fact]
    public void MoreLocatorsThanTheLimit_KeepsTheFirstByIdAndLogsOnce()
    {
        var count = LocatorOptions.MaxPeers + 8;
        // Announced in reverse so the order kept is the ids', not the keys' arrival.
        _projection.Loaded([.. Enumerable.Range(0, count).Reverse().Select(i => Key($"id{i:D3}", $"http://10.0.1.{i}:7400"))]);
        _projection.Watched([Put("id999", "http://10.0.2.1:7400")]);

        Assert.Equal(Enumerable.Range(0, LocatorOptions.MaxPeers).Select(i => new Uri($"http://10.0.1.{i}:7400/")), _projection.Peers);
        var warning = Assert.Single(_log.Entries, entry => entry.Id.Name == "EtcdPeersOverLimit");
        Assert.StartsWith($"{count} locators are announced under /cl/locators/: placement counts are shared with the first {LocatorOptions.MaxPeers} by id only.", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BackUnderTheLimit_KeepsAllAndLogsAgainWhenExceededAgain()
    {
        var ids = Enumerable.Range(0, LocatorOptions.MaxPeers + 1).Select(i => $"id{i:D3}").ToList();
        _projection.Loaded([.. ids.Select((id, i) => Key(id, $"http://10.0.1.{i}:7400"))]);

        _projection.Watched([Delete(ids[0])]);
        Assert.Equal(LocatorOptions.MaxPeers, _projection.Peers.Count);

        _projection.Watched([Put(ids[0], "http://10.0.1.0:7400")]);
        Assert.Equal(2, _log.Entries.Count(entry => entry.Id.Name == "EtcdPeersOverLimit"));
    }

    private static KeyValue Key(string id, string url) => new() { Key = ByteString.CopyFromUtf8("/cl/locators/" + id), Value = EtcdPeerProjection.Encode(new Uri(url)) };

    private static Event Put(string id, string url) => new() { Type = Event.Types.EventType.Put, Kv = Key(id, url) };

    private static Event Delete(string id) => new() { Type = Event.Types.EventType.Delete, Kv = new KeyValue { Key = ByteString.CopyFromUtf8("/cl/locators/" + id) } };
}
