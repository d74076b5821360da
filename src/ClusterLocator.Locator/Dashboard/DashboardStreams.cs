namespace ClusterLocator.Locator.Dashboard;

/// <summary>
/// Counts the dashboard streams open: at most <see cref="Max"/>, so open pages cannot make the
/// locator serialize frames without bound. A page past the limit is refused (429) and retries.
/// </summary>
internal sealed class DashboardStreams
{
    /// <summary>The most streams open at once: a few operators, each with a few tabs.</summary>
    public const int Max = 16;

    private int _open;

    public int Open => Volatile.Read(ref _open);

    /// <summary>Takes a place for a stream; false when <see cref="Max"/> are open. Give it back with <see cref="Release"/>.</summary>
    public bool TryOpen()
    {
        if (Interlocked.Increment(ref _open) <= Max)
        {
            return true;
        }

        Interlocked.Decrement(ref _open);
        return false;
    }

    public void Release() => Interlocked.Decrement(ref _open);
}
