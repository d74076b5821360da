using ClusterLocator.Locator.Registry.Etcd;
using Grpc.Core;

namespace ClusterLocator.Locator.Tests.Registry.Etcd;

/// <summary>Each class of etcd failure, as etcd and gRPC raise it, and what the operator is told to do.</summary>
public class EtcdFailureClassificationTests
{
    private const string Prefix = "/clusterlocator/clusters/";

    public static TheoryData<Exception, string> Failures => new()
    {
        { new RpcException(new Status(StatusCode.Unavailable, "connection refused")), nameof(EtcdFailureKind.Unavailable) },
        { new RpcException(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded")), nameof(EtcdFailureKind.Unavailable) },
        { new RpcException(new Status(StatusCode.Internal, "Error starting gRPC call. HttpRequestException: Connection refused (127.0.0.1:2379)")), nameof(EtcdFailureKind.Unavailable) },
        { new HttpRequestException("Connection refused"), nameof(EtcdFailureKind.Unavailable) },
        { new RpcException(new Status(StatusCode.PermissionDenied, "etcdserver: permission denied")), nameof(EtcdFailureKind.Refused) },
        { new RpcException(new Status(StatusCode.Unauthenticated, "etcdserver: invalid auth token")), nameof(EtcdFailureKind.Refused) },
        { new RpcException(new Status(StatusCode.InvalidArgument, "etcdserver: key is not provided")), nameof(EtcdFailureKind.Refused) },
        { new RpcException(new Status(StatusCode.FailedPrecondition, "etcdserver: requested lease not found")), nameof(EtcdFailureKind.Refused) },
        { new RpcException(new Status(StatusCode.ResourceExhausted, "etcdserver: mvcc: database space exceeded")), nameof(EtcdFailureKind.Full) },
        { new RpcException(new Status(StatusCode.Unknown, "etcdserver: mvcc: database space exceeded")), nameof(EtcdFailureKind.Full) },
        { new InvalidOperationException("a bug"), nameof(EtcdFailureKind.Unexpected) },
        { new KeyNotFoundException("a missing entry"), nameof(EtcdFailureKind.Unexpected) },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Classify_ReadsEachFailure(Exception ex, string expected)
    {
        Assert.Equal(expected, EtcdFailures.Classify(ex, CancellationToken.None).ToString());
    }

    [Fact]
    public void Classify_WhileStopping_CancellationIsStopping_AndNothingIsARefusalOrAnOutage()
    {
        using var stopping = new CancellationTokenSource();
        stopping.Cancel();

        Assert.Equal(EtcdFailureKind.Stopping, EtcdFailures.Classify(new RpcException(new Status(StatusCode.Cancelled, "Call canceled by the client.")), stopping.Token));
        Assert.Equal(EtcdFailureKind.Stopping, EtcdFailures.Classify(new OperationCanceledException(stopping.Token), stopping.Token));
        Assert.False(EtcdFailures.IsEtcdFailure(new RpcException(new Status(StatusCode.PermissionDenied, "etcdserver: permission denied")), stopping.Token));
        Assert.False(EtcdFailures.IsEtcdFailure(new IOException("reset while stopping"), stopping.Token));
    }

    [Fact]
    public void Describe_PermissionDenied_NamesThePrefixAndTheGrant()
    {
        var problem = EtcdFailures.Describe(new RpcException(new Status(StatusCode.PermissionDenied, "etcdserver: permission denied")), Prefix);

        Assert.Contains("etcdserver: permission denied", problem, StringComparison.Ordinal);
        Assert.Contains($"lacks read or write access to the prefix '{Prefix}'", problem, StringComparison.Ordinal);
        Assert.Contains("grant-permission", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_Unauthenticated_SaysToCheckTheCredentials()
    {
        var problem = EtcdFailures.Describe(new RpcException(new Status(StatusCode.Unauthenticated, "etcdserver: invalid auth token")), Prefix);

        Assert.Contains("credentials", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_SpaceExceeded_SaysToCompactDefragAndDisarm()
    {
        var problem = EtcdFailures.Describe(new RpcException(new Status(StatusCode.ResourceExhausted, "etcdserver: mvcc: database space exceeded")), Prefix);

        Assert.Contains("out of space", problem, StringComparison.Ordinal);
        Assert.Contains("etcdctl compact", problem, StringComparison.Ordinal);
        Assert.Contains("etcdctl defrag", problem, StringComparison.Ordinal);
        Assert.Contains("etcdctl alarm disarm", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_Unavailable_IsTheReasonAlone()
    {
        Assert.Equal("Unavailable: connection refused", EtcdFailures.Describe(new RpcException(new Status(StatusCode.Unavailable, "connection refused")), Prefix));
    }
}
