namespace ClusterLocator.Locator.Tests;

public class LocatorOptionsTests
{
    [Fact]
    public void Defaults_AreSafeOnOneMachine()
    {
        var options = new LocatorOptions();

        Assert.Equal("best", options.Policy);
        Assert.Equal(TimeSpan.FromSeconds(1), options.ReportInterval);
        Assert.Equal(TimeSpan.FromSeconds(3), options.EffectiveLease);
        Assert.Equal(TimeSpan.FromSeconds(3), options.EffectiveWarmUp);
        Assert.Equal(TimeSpan.FromSeconds(2), options.StaleAfter);
        Assert.Equal(TimeSpan.FromSeconds(5), options.PlacementTtl);
        Assert.Equal(TimeSpan.FromSeconds(60), options.ExpiredRetention);
        Assert.Equal("memory", options.Store);
        Assert.False(options.Insecure);
        Assert.Null(options.ControllerToken);
        Assert.Equal(new[] { "http://127.0.0.1:7400" }, options.EffectiveUrls);
    }

    [Fact]
    public void EffectiveLease_FollowsTheInterval()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(750), new LocatorOptions { ReportInterval = TimeSpan.FromMilliseconds(250) }.EffectiveLease);
    }

    [Fact]
    public void EffectiveWarmUp_FollowsAnExplicitLease()
    {
        var options = new LocatorOptions { Lease = TimeSpan.FromSeconds(7) };

        Assert.Equal(TimeSpan.FromSeconds(7), options.EffectiveLease);
        Assert.Equal(TimeSpan.FromSeconds(7), options.EffectiveWarmUp);
    }

    [Fact]
    public void EffectiveUrls_GivenUrls_ReplaceTheDefault()
    {
        var options = new LocatorOptions();
        options.Urls.Add("http://127.0.0.1:0");

        Assert.Equal(new[] { "http://127.0.0.1:0" }, options.EffectiveUrls);
    }
}
