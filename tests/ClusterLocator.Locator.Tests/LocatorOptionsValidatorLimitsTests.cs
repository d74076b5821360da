namespace ClusterLocator.Locator.Tests;

public sealed class LocatorOptionsValidatorLimitsTests
{
    [Fact]
    public void Validate_DefaultLimits_AreValid() => Assert.Empty(LocatorOptionsValidator.Validate(new LocatorOptions()));

    [Fact]
    public void Validate_LimitsOutOfRange_NameEveryProperty()
    {
        var options = new LocatorOptions
        {
            MaxClusters = 0,
            MaxServices = 1_000_001,
            MaxClustersPerService = -5,
            MaxConnections = 0,
            KeepAliveTimeout = TimeSpan.FromHours(1),
            RequestHeadersTimeout = TimeSpan.Zero,
        };

        var errors = LocatorOptionsValidator.Validate(options);

        Assert.Equal(6, errors.Count);
        Assert.Contains("LocatorOptions.MaxClusters 0 is out of range: use 1 to 1000000.", errors);
        Assert.Contains(errors, e => e.StartsWith("LocatorOptions.MaxServices 1000001 ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("LocatorOptions.MaxClustersPerService -5 ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("LocatorOptions.MaxConnections 0 ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("LocatorOptions.KeepAliveTimeout 01:00:00 ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("LocatorOptions.RequestHeadersTimeout 00:00:00 ", StringComparison.Ordinal));
    }
}
