namespace ClusterLocator.Cli.Demo;

/// <summary>The demo's clock and its event log, written from every part of it and read by the views.</summary>
/// <remarks>
/// The clock runs from the moment the clients start (<see cref="StartClock"/>), so the duration, the
/// crash and the restart are times of the workload; what happens while the fleet starts is at 0.0s.
/// </remarks>
internal sealed class DemoEvents(TimeProvider time)
{
    private long _started;
    private readonly List<DemoEvent> _events = [];
    private readonly Lock _gate = new();

    public TimeProvider Time => time;

    /// <summary>Time since the clients started; zero before.</summary>
    public TimeSpan Elapsed => Interlocked.Read(ref _started) is var started and not 0 ? time.GetElapsedTime(started) : TimeSpan.Zero;

    /// <summary>Starts the clock: the clients start now.</summary>
    public void StartClock() => Interlocked.Exchange(ref _started, time.GetTimestamp());

    public void Add(string text)
    {
        var entry = new DemoEvent(Elapsed, text);
        lock (_gate)
        {
            _events.Add(entry);
        }
    }

    /// <summary>The events from <paramref name="index"/> on; <paramref name="index"/> moves past them.</summary>
    public IReadOnlyList<DemoEvent> ReadFrom(ref int index)
    {
        lock (_gate)
        {
            var from = Math.Min(index, _events.Count);
            index = _events.Count;
            return _events[from..];
        }
    }

    /// <summary>The last <paramref name="count"/> events, oldest first.</summary>
    public IReadOnlyList<DemoEvent> Last(int count)
    {
        lock (_gate)
        {
            return _events[Math.Max(0, _events.Count - count)..];
        }
    }

    /// <summary>Waits until <paramref name="at"/> since the start.</summary>
    public Task DelayUntilAsync(TimeSpan at, CancellationToken cancellationToken)
    {
        var wait = at - Elapsed;
        return wait > TimeSpan.Zero ? Task.Delay(wait, time, cancellationToken) : Task.CompletedTask;
    }
}
