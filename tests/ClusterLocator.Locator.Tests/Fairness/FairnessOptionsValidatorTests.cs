namespace ClusterLocator.Locator.Tests.Fairness;

public sealed class FairnessOptionsValidatorTests
{
    [Fact]
    public void TheDefaults_AreValid_TenPercentAnd2000ASecond()
    {
        var options = new LocatorOptions();

        Assert.Empty(LocatorOptionsValidator.Validate(options));
        Assert.Equal(0.10, options.ClientPlacementShare);
        Assert.Equal(2000, options.ClientRate);
        Assert.Null(options.ClientCredentials);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void AShareOutside0To1_IsRefusedNamingTheProperty(double share)
    {
        var error = Assert.Single(LocatorOptionsValidator.Validate(new LocatorOptions { ClientPlacementShare = share }));

        Assert.StartsWith("LocatorOptions.ClientPlacementShare ", error, StringComparison.Ordinal);
        Assert.Contains("is out of range", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10_000_001)]
    public void ARateOutOfRange_IsRefusedNamingTheProperty(int rate)
    {
        var error = Assert.Single(LocatorOptionsValidator.Validate(new LocatorOptions { ClientRate = rate }));

        Assert.StartsWith($"LocatorOptions.ClientRate {rate} is out of range", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AShareOf1_AndARateOf0_AreValid()
    {
        Assert.Empty(LocatorOptionsValidator.Validate(new LocatorOptions { ClientPlacementShare = 1, ClientRate = 0 }));
    }
}
