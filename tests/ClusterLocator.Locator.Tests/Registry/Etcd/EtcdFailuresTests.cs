using ClusterLocator.Locator.Registry.Etcd;
using Grpc.Core;

namespace ClusterLocator.Locator.Tests.Registry.Etcd;

public class EtcdFailuresTests
{
    public static TheoryData<Exception> Unavailable =>
    [
        new RpcException(new Status(StatusCode.Unavailable, "connection refused")),
        new RpcException(new Status(StatusCode.Cancelled, "cancelled")),
        new IOException("reset"),
        new HttpRequestException("refused"),
        new TimeoutException("no answer"),
        new OperationCanceledException(),
    ];

    [Theory]
    [MemberData(nameof(Unavailable))]
    public void IsUnavailable_FailuresOfReachingEtcd_AreUnavailable(Exception ex)
    {
        Assert.True(EtcdFailures.IsUnavailable(ex, CancellationToken.None));
    }

    [Fact]
    public void IsUnavailable_CancellationOfTheCallerItself_IsNot()
    {
        using var stopping = new CancellationTokenSource();
        stopping.Cancel();

        Assert.False(EtcdFailures.IsUnavailable(new OperationCanceledException(stopping.Token), stopping.Token));
        Assert.False(EtcdFailures.IsUnavailable(new TaskCanceledException(), stopping.Token));
        Assert.False(EtcdFailures.IsUnavailable(new RpcException(new Status(StatusCode.Cancelled, "Call canceled by the client.")), stopping.Token));
        Assert.False(EtcdFailures.IsUnavailable(new IOException("the stream was reset while stopping"), stopping.Token));
    }

    [Fact]
    public void IsStopping_ACallCutShortByStopping_OnTheChannelOrNot()
    {
        using var stopping = new CancellationTokenSource();
        var cancelledCall = new RpcException(new Status(StatusCode.Cancelled, "Call canceled by the client."));
        Assert.False(EtcdFailures.IsStopping(cancelledCall, stopping.Token));

        stopping.Cancel();

        Assert.True(EtcdFailures.IsStopping(cancelledCall, stopping.Token));
        Assert.True(EtcdFailures.IsStopping(new OperationCanceledException(stopping.Token), stopping.Token));
        Assert.False(EtcdFailures.IsStopping(new RpcException(new Status(StatusCode.Unavailable, "refused")), stopping.Token));
    }

    [Fact]
    public void IsUnavailable_ABug_IsNot()
    {
        Assert.False(EtcdFailures.IsUnavailable(new InvalidOperationException("a write on a completed stream"), CancellationToken.None));
        Assert.False(EtcdFailures.IsUnavailable(new ArgumentException("a bad key"), CancellationToken.None));
    }

    [Fact]
    public void Describe_ADeadlineThatPassed_SaysHowLongItWaited()
    {
        var problem = EtcdFailures.Describe(new RpcException(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded")));

        Assert.Equal("no answer within 2s", problem);
    }

    [Fact]
    public void Describe_ARefusedHandshake_SaysItWasTheHandshakeAndWhy()
    {
        var detail = "Error starting gRPC call. HttpRequestException: The SSL connection could not be established, see inner exception. "
            + "AuthenticationException: The remote certificate is invalid according to the validation procedure.";

        var problem = EtcdFailures.Describe(new RpcException(new Status(StatusCode.Internal, detail)));

        Assert.Equal("the TLS handshake with etcd failed: The remote certificate is invalid according to the validation procedure.", problem);
    }

    [Fact]
    public void Describe_OtherFailures_NameTheStatusOrKeepTheMessage()
    {
        Assert.Equal("Unavailable: connection refused", EtcdFailures.Describe(new RpcException(new Status(StatusCode.Unavailable, "connection refused"))));
        Assert.Equal("etcd did not answer", EtcdFailures.Describe(new TimeoutException("etcd did not answer")));
        Assert.Equal("reset by peer", EtcdFailures.Describe(new IOException("reset by peer")));
    }
}
