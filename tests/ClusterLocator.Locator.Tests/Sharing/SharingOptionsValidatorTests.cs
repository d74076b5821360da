namespace ClusterLocator.Locator.Tests.Sharing;

public sealed class SharingOptionsValidatorTests
{
    private static IReadOnlyList<string> Validate(Action<LocatorOptions> configure)
    {
        var options = new LocatorOptions();
        configure(options);
        return LocatorOptionsValidator.Validate(options);
    }

    [Fact]
    public void Validate_PeersAndInterval_AreAccepted()
    {
        Assert.Empty(Validate(options =>
        {
            options.Peers.Add("http://10.0.0.3:7400");
            options.Peers.Add("https://locator-c.internal:7400/");
            options.PeerSyncInterval = TimeSpan.FromMilliseconds(10);
        }));
    }

    [Theory]
    [InlineData("10.0.0.3:7400")]
    [InlineData("ftp://10.0.0.3")]
    [InlineData("http://user:secret@10.0.0.3:7400")]
    [InlineData("http://10.0.0.3:7400/?x=1")]
    public void Validate_PeerNotABaseUrl_IsNamedWithTheForm(string peer)
    {
        var error = Assert.Single(Validate(options => options.Peers.Add(peer)));

        Assert.Equal($"LocatorOptions.Peers '{peer}' is not a locator's base URL: use http://HOST:PORT or https://HOST:PORT, without user, query or fragment, for example http://10.0.0.3:7400.", error);
    }

    [Fact]
    public void Validate_OwnUrlOrTwice_IsRefused()
    {
        var errors = Validate(options =>
        {
            options.Urls.Add("http://127.0.0.1:7401");
            options.Peers.Add("http://127.0.0.1:7401/");
            options.Peers.Add("http://127.0.0.1:7402");
            options.Peers.Add("http://127.0.0.1:7402/");
        });

        Assert.Equal(2, errors.Count);
        Assert.Contains("LocatorOptions.Peers 'http://127.0.0.1:7401/' is this locator's own URL", errors[0], StringComparison.Ordinal);
        Assert.Contains("LocatorOptions.Peers 'http://127.0.0.1:7402/' is given twice", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TooManyPeers_NamesTheLimit()
    {
        var errors = Validate(options =>
        {
            for (var i = 0; i <= LocatorOptions.MaxPeers; i++)
            {
                options.Peers.Add($"http://10.0.1.{i}:7400");
            }
        });

        Assert.StartsWith($"LocatorOptions.Peers has {LocatorOptions.MaxPeers + 1} locators: use at most {LocatorOptions.MaxPeers}", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(1001)]
    public void Validate_SyncIntervalOutOfRange_IsNamed(int milliseconds)
    {
        var error = Assert.Single(Validate(options => options.PeerSyncInterval = TimeSpan.FromMilliseconds(milliseconds)));

        Assert.StartsWith($"LocatorOptions.PeerSyncInterval {TimeSpan.FromMilliseconds(milliseconds)} is out of range: use 10ms up to the report interval", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1000, 100)]
    [InlineData(50, 10)]
    [InlineData(60_000, 6000)]
    public void EffectivePeerSyncInterval_DefaultsToATenthOfTheReportInterval_AtLeast10ms(int reportMs, int expectedMs)
    {
        var options = new LocatorOptions { ReportInterval = TimeSpan.FromMilliseconds(reportMs) };

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), options.EffectivePeerSyncInterval);
    }
}
