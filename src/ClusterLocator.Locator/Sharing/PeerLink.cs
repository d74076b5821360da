namespace ClusterLocator.Locator.Sharing;

/// <summary>
/// The sender's state of one peer: the counts waiting for it, whether a post to it is in flight (one
/// at a time, so counts taken meanwhile wait and go with the next), and whether it is in an outage,
/// so that an outage is logged once when it starts and once when it ends.
/// </summary>
internal sealed class PeerLink(Uri peer)
{
    private readonly Dictionary<(string Cluster, string Incarnation, long Seq), long> _pending = [];
    private readonly Lock _gate = new();
    private int _busy;
    private int _failedSinceDown;
    private bool _down;

    public Uri Peer { get; } = peer;

    public Uri Target { get; } = new(peer, "v1/placements");

    public bool HasPending
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count > 0;
            }
        }
    }

    /// <summary>Adds counts to those waiting for the next post; counts against the same report add up.</summary>
    public void Add(IReadOnlyList<SharedPlacement> placements)
    {
        lock (_gate)
        {
            foreach (var placement in placements)
            {
                var key = (placement.Cluster!, placement.Incarnation!, placement.Seq!.Value);
                _pending[key] = _pending.GetValueOrDefault(key) + placement.Count!.Value;
            }
        }
    }

    /// <summary>The counts waiting, each at most the most a peer accepts; none wait afterwards.</summary>
    public List<SharedPlacement?> TakePending()
    {
        lock (_gate)
        {
            var items = _pending.Select(p => (SharedPlacement?)new SharedPlacement
            {
                Cluster = p.Key.Cluster,
                Incarnation = p.Key.Incarnation,
                Seq = p.Key.Seq,
                Count = Math.Min(p.Value, PlacementBatchValidator.MaxCount),
            }).ToList();
            _pending.Clear();
            return items;
        }
    }

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

    /// <summary>Records a post that went through; the posts that failed in the outage it ends, or null when there was none.</summary>
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
