namespace ClusterLocator.Locator.Tests;

public sealed class LocatorOptionsValidatorAdvertiseUrlTests
{
    [Theory]
    [InlineData("10.0.0.2:7400")]
    [InlineData("/v1")]
    [InlineData("ftp://10.0.0.2/")]
    [InlineData("http://0.0.0.0:7400")]
    [InlineData("http://[::]:7400")]
    [InlineData("http://localhost:7400")]
    [InlineData("http://10.0.0.2:7400/?x=1")]
    [InlineData("http://user:secret@10.0.0.2:7400")]
    public void Validate_AdvertiseUrlNoPeerCanReach_NamesThePropertyAndAnExample(string url)
    {
        var errors = LocatorOptionsValidator.Validate(new LocatorOptions { AdvertiseUrl = url });

        var error = Assert.Single(errors);
        Assert.StartsWith($"LocatorOptions.AdvertiseUrl '{url}' is not a URL other locators can reach", error, StringComparison.Ordinal);
        Assert.Contains("for example http://10.0.0.2:7400", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://10.0.0.2:7400")]
    [InlineData("https://locator-1.example")]
    [InlineData("http://127.0.0.1:7400")]
    public void Validate_AdvertiseUrlNamingAHost_IsAccepted(string url) =>
        Assert.Empty(LocatorOptionsValidator.Validate(new LocatorOptions { AdvertiseUrl = url }));
}
