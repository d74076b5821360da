using System.Net;
using ClusterLocator.Locator.Fairness;

namespace ClusterLocator.Locator.Tests.Fairness;

public sealed class ClientKeyTests
{
    [Fact]
    public void AnIPv4Address_AndTheSameAddressMappedIntoIPv6_AreOneClient()
    {
        Assert.Equal(ClientKey.OfAddress(IPAddress.Parse("192.0.2.7")), ClientKey.OfAddress(IPAddress.Parse("::ffff:192.0.2.7")));
        Assert.NotEqual(ClientKey.OfAddress(IPAddress.Parse("192.0.2.7")), ClientKey.OfAddress(IPAddress.Parse("192.0.2.8")));
    }

    [Fact]
    public void IPv6Addresses_AreOneClientPer64()
    {
        var host = ClientKey.OfAddress(IPAddress.Parse("2001:db8:1:2::1"));

        Assert.Equal(host, ClientKey.OfAddress(IPAddress.Parse("2001:db8:1:2:ffff:ffff:ffff:ffff")));
        Assert.NotEqual(host, ClientKey.OfAddress(IPAddress.Parse("2001:db8:1:3::1")));
        Assert.Equal("addresses 2001:db8:1:2::/64", host.ToString());
    }

    [Fact]
    public void ToString_NamesTheIPv4Address()
    {
        Assert.Equal("address 192.0.2.7", ClientKey.OfAddress(IPAddress.Parse("::ffff:192.0.2.7")).ToString());
    }

    [Fact]
    public void OfAddress_AllocatesNothing()
    {
        IPAddress[] addresses = [IPAddress.Loopback, IPAddress.Parse("::ffff:10.1.2.3"), IPAddress.Parse("2001:db8::5")];
        foreach (var address in addresses)
        {
            ClientKey.OfAddress(address);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            foreach (var address in addresses)
            {
                ClientKey.OfAddress(address);
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
