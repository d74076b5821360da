using ClusterLocator.Locator.Hosting;

namespace ClusterLocator.Locator.Tests.Hosting;

public class ListenAddressesTests
{
    [Theory]
    [InlineData("http://127.0.0.1:7400")]
    [InlineData("http://127.8.9.10:7400")]
    [InlineData("http://localhost:7400")]
    [InlineData("http://LOCALHOST:7400")]
    [InlineData("http://[::1]:7400")]
    [InlineData("https://127.0.0.1:7443")]
    [InlineData("http://unix:/run/clusterlocator.sock")]
    public void IsLoopback_ThisMachineOnly_IsTrue(string address)
    {
        Assert.True(ListenAddresses.IsLoopback(address));
    }

    [Theory]
    [InlineData("http://0.0.0.0:7400")]
    [InlineData("http://[::]:7400")]
    [InlineData("http://*:7400")]
    [InlineData("http://+:7400")]
    [InlineData("http://10.0.0.5:7400")]
    [InlineData("http://loopback:7400")]
    [InlineData("http://locator.example.com:7400")]
    [InlineData("not an address")]
    public void IsLoopback_EveryInterfaceOrAnotherHostOrUnreadable_IsFalse(string address)
    {
        Assert.False(ListenAddresses.IsLoopback(address));
    }

    [Theory]
    [InlineData("http://loopback:7400", true)]
    [InlineData("http://example.com:7400", true)]
    [InlineData("http://my-host:7400", true)]
    [InlineData("http://localhost:7400", false)]
    [InlineData("http://127.0.0.1:7400", false)]
    [InlineData("http://[::1]:7400", false)]
    [InlineData("http://*:7400", false)]
    [InlineData("http://unix:/run/clusterlocator.sock", false)]
    public void IsHostName_AnyNameButLocalhost(string url, bool expected)
    {
        Assert.True(ListenAddresses.TryParse(url, out var uri));
        Assert.Equal(expected, ListenAddresses.IsHostName(uri));
    }

    [Theory]
    [InlineData("http://loopback:7400", "loopback")]
    [InlineData("http://LocalHost:7400/", "LocalHost")]
    [InlineData("http://[::1]:7400", "[::1]")]
    [InlineData("http://127.0.0.1", "127.0.0.1")]
    [InlineData("http://*:7400", "0.0.0.0")]
    public void WrittenHost_IsTheHostAsTyped(string url, string host)
    {
        Assert.True(ListenAddresses.TryParse(url, out var uri));
        Assert.Equal(host, ListenAddresses.WrittenHost(uri));
    }
}
