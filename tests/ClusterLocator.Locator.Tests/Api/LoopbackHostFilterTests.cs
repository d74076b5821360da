using ClusterLocator.Locator.Api;
using ClusterLocator.Locator.Hosting;

namespace ClusterLocator.Locator.Tests.Api;

public class LoopbackHostFilterTests
{
    private static LoopbackHostFilter Filter(params string[] allowed)
    {
        var options = new LocatorOptions();
        foreach (var host in allowed)
        {
            options.AllowedHosts.Add(host);
        }

        return new LoopbackHostFilter(new ListenScope(), options);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("localhost:7400")]
    [InlineData("LocalHost:7400")]
    [InlineData("127.0.0.1:7400")]
    [InlineData("127.0.0.1")]
    [InlineData("127.1.2.3:80")]
    [InlineData("[::1]:7400")]
    [InlineData("[::1]")]
    [InlineData("")]
    public void IsAllowed_LoopbackNameOrAddress(string host)
    {
        Assert.True(Filter().IsAllowed(host));
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:7400")]
    [InlineData("localhost.evil.example:7400")]
    [InlineData("127.0.0.1.evil.example")]
    [InlineData("127.0.0.256:7400")]
    [InlineData("127.1:7400")]
    [InlineData("10.0.0.5:7400")]
    [InlineData("[::2]:7400")]
    [InlineData("loopback:7400")]
    public void IsAllowed_AnyOtherHost_IsRefused(string host)
    {
        Assert.False(Filter().IsAllowed(host));
    }

    [Theory]
    [InlineData("locator.internal:7400")]
    [InlineData("LOCATOR.INTERNAL")]
    [InlineData("10.0.0.5:7400")]
    [InlineData("[fd00::5]:7400")]
    public void IsAllowed_ListedHost_IsAdmitted(string host)
    {
        Assert.True(Filter("locator.internal", "10.0.0.5", "[fd00::5]").IsAllowed(host));
    }

    [Fact]
    public void IsAllowed_AllocatesNothing()
    {
        var filter = Filter("locator.internal");
        string[] hosts = ["127.0.0.1:7400", "localhost:7400", "[::1]:7400", "locator.internal:7400", "evil.example:7400"];
        foreach (var host in hosts)
        {
            filter.IsAllowed(host);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            foreach (var host in hosts)
            {
                filter.IsAllowed(host);
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
