using ClusterLocator.Locator.Limits;
using ClusterLocator.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Locator.Tests.Limits;

public sealed class RefusalLogThrottleTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly ListLogger<RefusalLogThrottle> _logger = new();

    [Fact]
    public void ShouldLog_FloodFromOneSource_LogsTheFirst_ThenOneLineWithTheCount()
    {
        using var throttle = new RefusalLogThrottle(_time, _logger);

        var logged = Enumerable.Range(0, 1000).Count(_ => throttle.ShouldLog("10.0.0.9", "missing or unknown token"));
        _time.Advance(RefusalLogThrottle.Interval);

        Assert.Equal(1, logged);
        var line = Assert.Single(_logger.Entries);
        Assert.Equal(651, line.Id.Id);
        Assert.Contains("Refused 999 more writes from 10.0.0.9", line.Message, StringComparison.Ordinal);
        Assert.Contains("missing or unknown token", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShouldLog_NextInterval_LogsAgain()
    {
        using var throttle = new RefusalLogThrottle(_time, _logger);
        Assert.True(throttle.ShouldLog("a", "r"));
        Assert.False(throttle.ShouldLog("a", "r"));

        _time.Advance(RefusalLogThrottle.Interval);

        Assert.True(throttle.ShouldLog("a", "r"));
        Assert.True(throttle.ShouldLog("b", "r"));
    }

    [Fact]
    public void ShouldLog_FloodFromManySources_SharesOneCountPastTheBound()
    {
        using var throttle = new RefusalLogThrottle(_time, _logger);

        var logged = Enumerable.Range(0, 5 * RefusalLogThrottle.MaxSources).Count(i => throttle.ShouldLog($"10.0.{i / 256}.{i % 256}", "r"));
        _time.Advance(RefusalLogThrottle.Interval);

        // Each source of the bound logs once, and one more opens the shared count.
        Assert.Equal(RefusalLogThrottle.MaxSources + 1, logged);
        var line = Assert.Single(_logger.Entries);
        Assert.Contains($"from {RefusalLogThrottle.OtherSources}", line.Message, StringComparison.Ordinal);
    }
}
