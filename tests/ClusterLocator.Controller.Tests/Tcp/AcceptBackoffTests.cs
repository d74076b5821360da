using System.Net.Sockets;
using ClusterLocator.Controller.Tcp;

namespace ClusterLocator.Controller.Tests.Tcp;

public sealed class AcceptBackoffTests
{
    [Fact]
    public void Fail_InARow_DoublesTheWaitUpToTheLongest()
    {
        var backoff = new AcceptBackoff();

        var waits = Enumerable.Range(0, 10).Select(_ => backoff.NextBackoff()).ToList();

        Assert.Equal(AcceptBackoff.First, waits[0]);
        Assert.Equal(AcceptBackoff.First * 2, waits[1]);
        Assert.Equal(AcceptBackoff.First * 4, waits[2]);
        Assert.Equal(AcceptBackoff.Longest, waits[^1]);
        Assert.All(waits, w => Assert.True(w <= AcceptBackoff.Longest));
        Assert.Equal(10, backoff.Failures);
    }

    [Fact]
    public void Succeed_EndsTheBurst_AndTheNextFailureWaitsTheFirstWaitAgain()
    {
        var backoff = new AcceptBackoff();
        backoff.NextBackoff();
        backoff.NextBackoff();
        backoff.NextBackoff();

        Assert.Equal(3, backoff.Succeed());

        Assert.Equal(0, backoff.Failures);
        Assert.Equal(AcceptBackoff.First, backoff.NextBackoff());
    }

    [Theory]
    [InlineData(SocketError.TooManyOpenSockets, true)]
    [InlineData(SocketError.NoBufferSpaceAvailable, true)]
    [InlineData(SocketError.ConnectionAborted, false)]
    [InlineData(SocketError.ConnectionReset, false)]
    public void IsResourceShortage_OnlyForWantOfResources(SocketError error, bool shortage)
    {
        Assert.Equal(shortage, AcceptBackoff.IsResourceShortage(error));
    }
}
