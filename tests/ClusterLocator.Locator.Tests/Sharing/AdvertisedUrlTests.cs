using ClusterLocator.Locator.Sharing;

namespace ClusterLocator.Locator.Tests.Sharing;

public sealed class AdvertisedUrlTests
{
    [Theory]
    [InlineData("http://127.0.0.1:7400", "http://127.0.0.1:7400/")]
    [InlineData("https://10.0.0.2:7400", "https://10.0.0.2:7400/")]
    [InlineData("http://[fd00::2]:7400", "http://[fd00::2]:7400/")]
    [InlineData("http://locator-1.example:7400", "http://locator-1.example:7400/")]
    public void Choose_FirstBoundAddressNamesAHost_IsAnnounced(string bound, string expected) =>
        Assert.Equal(new Uri(expected), AdvertisedUrl.Choose(null, [bound]));

    [Theory]
    [InlineData("http://0.0.0.0:7400")]
    [InlineData("http://[::]:7400")]
    [InlineData("http://*:7400")]
    [InlineData("http://+:7400")]
    [InlineData("http://localhost:7400")]
    [InlineData("http://unix:/run/clusterlocator.sock")]
    public void Choose_FirstBoundAddressIsNoHostAPeerReaches_AnnouncesNothing(string bound) =>
        Assert.Null(AdvertisedUrl.Choose(null, [bound, "http://10.0.0.2:7400"]));

    [Fact]
    public void Choose_NothingBound_AnnouncesNothing() => Assert.Null(AdvertisedUrl.Choose(null, []));

    [Fact]
    public void Choose_ConfiguredWithAPath_IsABaseUrlRoutesResolveBeneath() =>
        Assert.Equal(new Uri("https://proxy.example/locator-2/"), AdvertisedUrl.Choose("https://proxy.example/locator-2", []));

    [Fact]
    public void Choose_Configured_WinsOverTheBoundAddress() =>
        Assert.Equal(new Uri("http://203.0.113.7:17400/"), AdvertisedUrl.Choose("http://203.0.113.7:17400", ["http://127.0.0.1:7400"]));
}
