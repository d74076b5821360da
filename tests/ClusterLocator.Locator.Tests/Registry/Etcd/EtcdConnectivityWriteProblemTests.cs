using ClusterLocator.Locator.Registry.Etcd;
using ClusterLocator.Testing;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Locator.Tests.Registry.Etcd;

/// <summary>A refused or full etcd holds writes back until one succeeds; an unreachable one until it answers.</summary>
public class EtcdConnectivityWriteProblemTests
{
    private static readonly RpcException NoSpace = new(new Status(StatusCode.ResourceExhausted, "etcdserver: mvcc: database space exceeded"));
    private static readonly RpcException Denied = new(new Status(StatusCode.PermissionDenied, "etcdserver: permission denied"));

    private readonly FakeTimeProvider _time = new();
    private readonly ListLogger<EtcdConnectivity> _log = new();
    private readonly EtcdConnectivity _connectivity;

    public EtcdConnectivityWriteProblemTests()
    {
        var records = new EtcdClusterRecords(new EtcdStoreSettings("/cl/", TimeSpan.FromSeconds(3)), _time);
        _connectivity = new EtcdConnectivity(records, _time, _log);
        _connectivity.MarkContact();
    }

    [Fact]
    public void WriteFailed_Full_MakesTheStoreUnhealthyWithTheFix_ButEtcdStaysReachable()
    {
        _connectivity.WriteFailed(NoSpace);
        _connectivity.WriteFailed(NoSpace);

        Assert.False(_connectivity.Health.Healthy);
        Assert.Contains("etcdctl alarm disarm", _connectivity.Health.Problem, StringComparison.Ordinal);
        Assert.Equal(_connectivity.Health.Problem, _connectivity.WriteProblem);
        Assert.True(_connectivity.IsHealthy);
        Assert.Single(_log.Entries, e => e.Id.Name == "EtcdWritesRefused");
    }

    [Fact]
    public void MarkWritten_AfterARefusal_TakesReportsAgain()
    {
        _connectivity.WriteFailed(Denied);
        Assert.Contains("'/cl/clusters/'", _connectivity.WriteProblem, StringComparison.Ordinal);

        _connectivity.MarkWritten();

        Assert.Null(_connectivity.WriteProblem);
        Assert.True(_connectivity.Health.Healthy);
        Assert.Single(_log.Entries, e => e.Id.Name == "EtcdWritesAccepted");
    }

    [Fact]
    public void WriteFailed_Unavailable_IsAnOutage_NotARefusal()
    {
        _connectivity.WriteFailed(new RpcException(new Status(StatusCode.Unavailable, "connection refused")));

        Assert.Null(_connectivity.WriteProblem);
        Assert.False(_connectivity.IsHealthy);
        Assert.Equal("Unavailable: connection refused", _connectivity.Health.Problem);
    }

    [Fact]
    public void ReadFailed_Refused_IsLoggedWithTheFix_AndClearsWhenEtcdAnswers()
    {
        _connectivity.ReadFailed(Denied);

        Assert.False(_connectivity.Health.Healthy);
        Assert.Contains("grant-permission", _connectivity.Health.Problem, StringComparison.Ordinal);
        Assert.Single(_log.Entries, e => e.Id.Name == "EtcdRefused");

        _connectivity.MarkContact();
        Assert.True(_connectivity.Health.Healthy);
    }
}
