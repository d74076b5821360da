using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Testing;

/// <summary>
/// Counts the timers set, so a test advances the clock only once a wait has begun, and keeps how
/// long each was set for, so a test can check a wait without racing the work that follows it.
/// </summary>
public sealed class CountingTimeProvider : FakeTimeProvider
{
    private readonly List<TimeSpan> _dueTimes = [];

    public int TimersCreated
    {
        get
        {
            lock (_dueTimes)
            {
                return _dueTimes.Count;
            }
        }
    }

    /// <summary>The due time of every timer set, in the order they were set.</summary>
    public IReadOnlyList<TimeSpan> DueTimes
    {
        get
        {
            lock (_dueTimes)
            {
                return [.. _dueTimes];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_dueTimes)
        {
            _dueTimes.Add(dueTime);
        }

        return timer;
    }
}
