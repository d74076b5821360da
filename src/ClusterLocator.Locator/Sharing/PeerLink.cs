namespace ClusterLocator.Locator.Sharing;

/// <summary>
/// The sender's state of one peer: whether a post to it is in flight (one at a time), and whether it
/// is in an outage, so that an outage is logged once when it starts and once when it ends.
/// </summary>
internal sealed class PeerLink(Uri peer)
{
    private int _busy;
    private int _failedSinceDown;
    private bool _down;

    public Uri Peer { get; } = peer;

    public Uri Target { get; } = new(peer, "v1/placements");

    /// <summary>Claims the peer for one post; false while the last one is still in flight.</summary>
    public bool TryBegin() => Interlocked.CompareExchange(ref _busy, 1, 0) == 0;

    public void End() => Volatile.Write(ref _busy, 0);

    /// <summary>Records a failed post; true when it starts an outage (the one to log).</summary>
    public bool Failed()
    {
        _failedSinceDown++;
        if (_down)
        {
            return false;
        }

        _down = true;
        return true;
    }

    /// <summary>Records a post that went through; the batches dropped in the outage it ends, or null when there was none.</summary>
    public int? Succeeded()
    {
        if (!_down)
        {
            return null;
        }

        var dropped = _failedSinceDown;
        _down = false;
        _failedSinceDown = 0;
        return dropped;
    }
}
