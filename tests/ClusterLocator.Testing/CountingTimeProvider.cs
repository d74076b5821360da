using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Testing;

/// <summary>Counts the timers set, so a test advances the clock only once a wait has begun.</summary>
public sealed class CountingTimeProvider : FakeTimeProvider
{
    private int _timers;

    public int TimersCreated => Volatile.Read(ref _timers);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timers);
        return timer;
    }
}
