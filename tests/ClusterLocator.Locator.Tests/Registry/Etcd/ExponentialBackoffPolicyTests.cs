using ClusterLocator.Protocol.Supervision;

namespace ClusterLocator.Locator.Tests.Registry.Etcd;

public class ExponentialBackoffPolicyTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(1);

    [Fact]
    public void NextBackoff_WithoutJitter_GrowsByTheMultiplierUpToTheMaximum()
    {
        var policy = new ExponentialBackoffPolicy(new FixedRandom(0.5), Initial, Max);

        var waits = Enumerable.Range(0, 7).Select(_ => policy.NextBackoff().TotalMilliseconds).ToList();

        Assert.Equal([100, 160, 256, 409.6, 655.4, 1000, 1000], waits.Select(ms => Math.Round(ms, 1)));
    }

    [Fact]
    public void NextBackoff_LowestDraw_IsShorterByTheJitter()
    {
        var policy = new ExponentialBackoffPolicy(new FixedRandom(0), Initial, Max);

        Assert.Equal(TimeSpan.FromMilliseconds(80), policy.NextBackoff());
        Assert.Equal(TimeSpan.FromMilliseconds(128), policy.NextBackoff());
    }

    [Fact]
    public void NextBackoff_HighestDraw_IsLongerByTheJitter_ButNeverPastTheMaximum()
    {
        var policy = new ExponentialBackoffPolicy(new FixedRandom(1), Initial, Max);

        var waits = Enumerable.Range(0, 8).Select(_ => policy.NextBackoff()).ToList();

        Assert.Equal(TimeSpan.FromMilliseconds(120), waits[0]);
        Assert.All(waits, wait => Assert.True(wait <= Max, $"{wait} is past the maximum {Max}."));
        Assert.Equal(Max, waits[^1]);
    }

    [Fact]
    public void NextBackoff_InitialIsTheMaximum_WaitsBetweenTheJitteredAndTheMaximum()
    {
        var low = new ExponentialBackoffPolicy(new FixedRandom(0), Max, Max);
        var high = new ExponentialBackoffPolicy(new FixedRandom(1), Max, Max);

        Assert.Equal(TimeSpan.FromMilliseconds(800), low.NextBackoff());
        Assert.Equal(TimeSpan.FromMilliseconds(800), low.NextBackoff());
        Assert.Equal(Max, high.NextBackoff());
    }

    [Fact]
    public void Factory_Create_StartsEachRunOfFailuresFromTheInitialBackoff()
    {
        var factory = new ExponentialBackoffPolicyFactory(new FixedRandom(0.5), Initial, Max);
        var first = factory.Create();
        first.NextBackoff();
        first.NextBackoff();

        Assert.Equal(Initial, factory.Create().NextBackoff());
    }

    [Fact]
    public void Constructor_NoInitialBackoffOrAMaximumBelowIt_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialBackoffPolicy(Random.Shared, TimeSpan.Zero, Max));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialBackoffPolicy(Random.Shared, Max, Initial));
    }
}
