using System.Net;
using ClusterLocator.Locator.Fairness;

namespace ClusterLocator.Locator.Tests.Fairness;

public sealed class LocateRateLimiterTests
{
    private static readonly ClientKey A = ClientKey.OfAddress(IPAddress.Parse("192.0.2.1"));
    private static readonly ClientKey B = ClientKey.OfAddress(IPAddress.Parse("192.0.2.2"));

    [Fact]
    public void PastTheRate_AClientIsRefusedWithARetryAfter_AndAnotherIsNot()
    {
        // A window of one second: the 100 attempts below take far less on any machine.
        using var limiter = new LocateRateLimiter(new LocatorOptions { ClientRate = 3 });

        var allowed = Enumerable.Range(0, 100).Count(i => limiter.TryAcquire(A, out _));
        var refused = limiter.TryAcquire(A, out var retryAfter);

        Assert.InRange(allowed, 3, 6);
        Assert.False(refused);
        Assert.InRange(retryAfter, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(1));
        Assert.True(limiter.TryAcquire(B, out _));
    }

    [Fact]
    public void ARateOf0_LimitsNothing()
    {
        using var limiter = new LocateRateLimiter(new LocatorOptions { ClientRate = 0 });

        Assert.All(Enumerable.Range(0, 10_000), i => Assert.True(limiter.TryAcquire(A, out _)));
    }

    [Fact]
    public void TryAcquire_ForAKnownClient_AllocatesOnlyTheFrameworksPartitionLookup()
    {
        using var limiter = new LocateRateLimiter(new LocatorOptions { ClientRate = 1_000_000 });
        for (var i = 0; i < 1000; i++)
        {
            limiter.TryAcquire(A, out _);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            limiter.TryAcquire(A, out _);
        }

        // PartitionedRateLimiter allocates a closure per acquire (144 bytes); a successful lease is shared.
        Assert.InRange((GC.GetAllocatedBytesForCurrentThread() - before) / 1000.0, 0, 160);
    }
}
