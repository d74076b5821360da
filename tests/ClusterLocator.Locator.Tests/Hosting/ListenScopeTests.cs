using ClusterLocator.Locator.Hosting;
using ClusterLocator.Protocol;

namespace ClusterLocator.Locator.Tests.Hosting;

public class ListenScopeTests
{
    [Fact]
    public void BeforeTheServerHasBound_RequestsAreHeldToLoopback()
    {
        var scope = new ListenScope();

        Assert.True(scope.LoopbackOnly);
        Assert.Null(scope.Transport);
    }

    [Theory]
    [InlineData(LocatorTransports.Loopback, true, "http://127.0.0.1:7400")]
    [InlineData(LocatorTransports.Loopback, true, "http://127.0.0.1:7400", "https://[::1]:7443")]
    [InlineData(LocatorTransports.Tls, true, "https://127.0.0.1:7443")]
    [InlineData(LocatorTransports.Tls, false, "https://0.0.0.0:7443")]
    [InlineData(LocatorTransports.Tls, false, "http://127.0.0.1:7400", "https://10.0.0.5:7443")]
    [InlineData(LocatorTransports.Plaintext, false, "http://0.0.0.0:7400")]
    [InlineData(LocatorTransports.Plaintext, false, "https://0.0.0.0:7443", "http://10.0.0.5:7400")]
    public void Publish_JudgesTheBoundAddresses(string transport, bool loopbackOnly, params string[] addresses)
    {
        var scope = new ListenScope();

        scope.Publish(addresses);

        Assert.Equal(transport, scope.Transport);
        Assert.Equal(loopbackOnly, scope.LoopbackOnly);
    }

    [Fact]
    public void Publish_NoAddress_JudgesNothing()
    {
        var scope = new ListenScope();

        scope.Publish([]);

        Assert.False(scope.LoopbackOnly);
        Assert.Null(scope.Transport);
    }
}
