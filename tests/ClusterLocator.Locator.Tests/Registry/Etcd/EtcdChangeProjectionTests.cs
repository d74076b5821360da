using System.Text.Json;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Locator.Registry.Etcd;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Mvccpb;

namespace ClusterLocator.Locator.Tests.Registry.Etcd;

public class EtcdChangeProjectionTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    private readonly FakeTimeProvider _time = new();
    private readonly EtcdStoreSettings _settings = new("/cl/", Lease);
    private readonly EtcdClusterRecords _records;
    private readonly EtcdConnectivity _connectivity;
    private readonly ListLogger<EtcdChangeProjection> _log = new();
    private readonly EtcdChangeProjection _projection;
    private readonly List<StoreChange> _changes = [];

    public EtcdChangeProjectionTests()
    {
        _records = new EtcdClusterRecords(_settings, _time);
        _connectivity = new EtcdConnectivity(_records, _time, NullLogger<EtcdConnectivity>.Instance);
        _projection = new EtcdChangeProjection(_settings, _records, _connectivity, _time, _log);
        _projection.Changed += _changes.Add;
    }

    [Fact]
    public void Watched_APut_RaisesTheReport_AndKeepsTheLeaseTheKeyIsHeldByToShare()
    {
        var report = Reports.Create(seq: 4);

        _projection.Watched([Put("c1", report, lease: 7)]);

        var change = Assert.Single(_changes);
        Assert.Equal("c1", change.ClusterId);
        Assert.Equal(4, change.Report!.Seq);
        Assert.Equal(7, _records.SharedLease("c1"));
    }

    [Fact]
    public void Watched_TheEmptyMarker_RemovesTheClusterAsDeregisteredNotExpired()
    {
        _projection.Watched([Put("c1", Reports.Create(), lease: 7)]);

        _projection.Watched([Put("c1", report: null, lease: 7), Put("c2", report: null, lease: 0)]);

        Assert.Equal(2, _changes.Count);
        Assert.Equal(new StoreChange("c1", null, Expired: false), _changes[^1]);
        Assert.Equal(0, _records.SharedLease("c1"));
    }

    [Fact]
    public void Watched_ADeletion_ExpiresTheCluster()
    {
        _projection.Watched([Put("c1", Reports.Create(), lease: 7)]);

        _projection.Watched([Delete("c1")]);

        Assert.Equal(new StoreChange("c1", null, Expired: true), _changes[^1]);
        Assert.Equal(0, _projection.Count);
    }

    [Fact]
    public void Watched_ADeletionOfAClusterStillReportingHere_QueuesItsWriteInsteadOfExpiring()
    {
        var record = Reporting("c1");
        _projection.Watched([Put("c1", Reports.Create(), lease: 7)]);
        record.Written = record.Latest;

        _projection.Watched([Delete("c1")]);

        Assert.DoesNotContain(_changes, change => change.Expired);
        Assert.True(_records.Pending.TryRead(out var queued));
        Assert.Same(record, queued);
        Assert.Null(record.Written);
    }

    [Fact]
    public void Watched_ADeletionJustAfterAnOutage_ExpiresOnlyOnceALeaseHasPassed()
    {
        _projection.Watched([Put("c1", Reports.Create(), lease: 7)]);
        RecoverFromAnOutage();

        _projection.Watched([Delete("c1")]);
        _time.Advance(Lease - TimeSpan.FromMilliseconds(1));
        _projection.ExpireAfterGrace();
        Assert.DoesNotContain(_changes, change => change.Expired);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        _projection.ExpireAfterGrace();
        Assert.Equal(new StoreChange("c1", null, Expired: true), _changes[^1]);
    }

    [Fact]
    public void Watched_APutAfterADeletionHeldBack_KeepsTheCluster()
    {
        _projection.Watched([Put("c1", Reports.Create(), lease: 7)]);
        RecoverFromAnOutage();
        _projection.Watched([Delete("c1")]);

        _projection.Watched([Put("c1", Reports.Create(seq: 2), lease: 8)]);
        _time.Advance(Lease * 2);
        _projection.ExpireAfterGrace();

        Assert.DoesNotContain(_changes, change => change.Expired || change.Report is null);
        Assert.Equal(1, _projection.Count);
    }

    [Fact]
    public void Loaded_RaisesEveryValidKey_AndLogsAndSkipsAnUnreadableOne()
    {
        _projection.Loaded(
        [
            Key("c1", Json(Reports.Create()), lease: 7),
            Key("c2", ByteString.CopyFromUtf8("{not json"), lease: 8),
            Key("c3", ByteString.Empty, lease: 9),
        ]);

        Assert.Equal("c1", Assert.Single(_changes).ClusterId);
        Assert.Equal(7, _records.SharedLease("c1"));
        Assert.Contains(_log.Entries, entry => entry.Id.Name == "EtcdUnreadableKey" && entry.Message.Contains("/cl/clusters/c2", StringComparison.Ordinal));
    }

    [Fact]
    public void Loaded_AfterACompaction_ExpiresWhatIsGone_ButNotAClusterReportingHere()
    {
        _projection.Watched([Put("c1", Reports.Create(), lease: 7), Put("c2", Reports.Create(), lease: 7), Put("c3", Reports.Create(), lease: 7)]);
        Reporting("c2");

        _projection.Loaded([Key("c1", Json(Reports.Create()), lease: 7)]);

        var expired = Assert.Single(_changes, change => change.Expired);
        Assert.Equal("c3", expired.ClusterId);
        Assert.Equal(2, _projection.Count);
    }

    [Fact]
    public void AcceptedThenRemoved_RaiseTheReportThenADeregistration()
    {
        var report = Reports.Create();

        _projection.Accepted("c1", report);
        _projection.Removed("c1");

        Assert.Equal([new StoreChange("c1", report), new StoreChange("c1", null)], _changes);
        Assert.Equal(0, _projection.Count);
    }

    private EtcdClusterRecord Reporting(string clusterId)
    {
        var record = _records.GetOrAdd(clusterId);
        record.Latest = Reports.Create();
        record.LatestAt = _time.GetTimestamp();
        return record;
    }

    private void RecoverFromAnOutage()
    {
        _connectivity.MarkContact();
        _connectivity.MarkUnavailable(new IOException("connection reset"));
        _time.Advance(TimeSpan.FromSeconds(1));
        _connectivity.MarkContact();
    }

    private static ByteString Json(ClusterReport report) =>
        ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(report, ProtocolJsonContext.Default.ClusterReport));

    private KeyValue Key(string clusterId, ByteString value, long lease) =>
        new() { Key = _settings.KeyOf(clusterId), Value = value, Lease = lease };

    private Event Put(string clusterId, ClusterReport? report, long lease) =>
        new() { Type = Event.Types.EventType.Put, Kv = Key(clusterId, report is null ? ByteString.Empty : Json(report), lease) };

    private Event Delete(string clusterId) =>
        new() { Type = Event.Types.EventType.Delete, Kv = new KeyValue { Key = _settings.KeyOf(clusterId) } };
}
