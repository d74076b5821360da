namespace ClusterLocator.Cli.Tests;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("1s", 1000)]
    [InlineData("1.5s", 1500)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData(" 3S ", 3000)]
    [InlineData("0s", 0)]
    public void TryParse_WithUnit_ReadsMilliseconds(string text, double milliseconds)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(milliseconds, value.TotalMilliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("s")]
    [InlineData("-1s")]
    [InlineData("1x")]
    [InlineData("1e3s")]
    [InlineData("99999999999999h")]
    [InlineData(null)]
    public void TryParse_Invalid_ReturnsFalse(string? text)
    {
        Assert.False(Durations.TryParse(text, out _));
    }
}
