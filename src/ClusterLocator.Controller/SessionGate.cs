namespace ClusterLocator.Controller;

/// <summary>
/// Counts live sessions and decides whether a new one may start: not beyond the maximum, and not
/// while draining. A refused session is closed at once so the client goes back to the locator.
/// </summary>
internal sealed class SessionGate(int maxSessions) : IDisposable
{
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _drainStarted = new();
    private int _live;
    private volatile bool _draining;

    public int Live => Volatile.Read(ref _live);

    public bool IsDraining => _draining;

    /// <summary>Canceled when draining starts, so open sessions can be asked to end.</summary>
    public CancellationToken DrainStarted => _drainStarted.Token;

    public bool TryEnter()
    {
        if (_draining)
        {
            return false;
        }

        if (Interlocked.Increment(ref _live) > maxSessions)
        {
            Exit();
            return false;
        }

        return true;
    }

    public void Exit()
    {
        if (Interlocked.Decrement(ref _live) == 0 && _draining)
        {
            _idle.TrySetResult();
        }
    }

    /// <summary>Stops taking sessions; the returned task completes when the last live one ends.</summary>
    public Task DrainAsync()
    {
        _draining = true;
        _drainStarted.Cancel();
        if (Live == 0)
        {
            _idle.TrySetResult();
        }

        return _idle.Task;
    }

    public void Dispose() => _drainStarted.Dispose();
}
