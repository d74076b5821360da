using System.Numerics;
using ClusterLocator.Locator.Registry;

namespace ClusterLocator.Locator.Placement;

/// <summary>
/// Multi-probe consistent hashing (Appleton and O'Reilly, 2015), the key's map to a cluster: each
/// cluster is one point on a 64-bit ring (its id's hash), a key is hashed to <see cref="Probes"/>
/// points, and it goes to the eligible cluster that follows one of its probes most closely. Like the
/// rendezvous hashing it replaces, the map is the same on every locator, a cluster that leaves (or is
/// excluded) gives up only its own keys, and one that joins takes keys only for itself; unlike it, a
/// key costs <see cref="Probes"/> lookups instead of a score per cluster. Twenty-one probes keep the
/// busiest cluster within about 5 % of the mean (the paper's figure), with one point per cluster.
/// </summary>
/// <remarks>
/// The points are sorted once per index (a report does not move a cluster's point), with a table of
/// where each range of the ring's top bits starts, so that finding a probe's successor reads a
/// handful of points. <see cref="ByScan"/> is the same map over a list of candidates, for the
/// requests the index does not answer: the nearest probe before each candidate, the smallest gap wins.
/// </remarks>
internal sealed class AffinityRing
{
    public const int Probes = 21;

    private readonly ulong[] _points;
    private readonly int[] _slots;
    private readonly int[] _start;
    private readonly int _shift;

    public AffinityRing(ClusterEntry[] entries)
    {
        _points = Array.ConvertAll(entries, e => e.IdHash);
        _slots = new int[entries.Length];
        for (var slot = 0; slot < _slots.Length; slot++)
        {
            _slots[slot] = slot;
        }

        Array.Sort(_points, _slots);

        // About two points per range of the table.
        var bits = Math.Clamp(BitOperations.Log2((uint)Math.Max(entries.Length, 1)), 1, 20);
        _shift = 64 - bits;
        _start = new int[(1 << bits) + 1];
        var point = 0;
        for (var range = 0; range < _start.Length; range++)
        {
            while (point < _points.Length && (int)(_points[point] >> _shift) < range)
            {
                point++;
            }

            _start[range] = point;
        }
    }

    /// <summary>The slot the key goes to among the slots <paramref name="tree"/> holds present, or −1 when none is.</summary>
    public int Find(ulong keyHash, NextHealthTree tree)
    {
        var points = _points;
        if (points.Length == 0)
        {
            return -1;
        }

        var best = -1;
        var bestGap = ulong.MaxValue;
        for (var probe = 0; probe < Probes; probe++)
        {
            var at = AffinityHash.Probe(keyHash, probe);
            var i = Successor(at);
            for (var steps = 0; steps < points.Length; steps++)
            {
                var gap = points[i] - at;
                if (gap > bestGap || (gap == bestGap && best >= 0))
                {
                    // Every eligible cluster further on is further away than the best already found.
                    break;
                }

                if (tree[_slots[i]] >= 0)
                {
                    best = _slots[i];
                    bestGap = gap;
                    break;
                }

                i = i + 1 == points.Length ? 0 : i + 1;
            }
        }

        return best;
    }

    /// <summary>
    /// The position in <paramref name="candidates"/> of the cluster the key goes to among them: the
    /// same answer as <see cref="Find"/> over a ring of those clusters alone.
    /// </summary>
    public static int ByScan(ClusterEntry[] entries, ReadOnlySpan<Candidate> candidates, ulong keyHash)
    {
        Span<ulong> probes = stackalloc ulong[Probes];
        for (var probe = 0; probe < Probes; probe++)
        {
            probes[probe] = AffinityHash.Probe(keyHash, probe);
        }

        probes.Sort();
        var best = 0;
        var bestGap = ulong.MaxValue;
        for (var c = 0; c < candidates.Length; c++)
        {
            var point = entries[candidates[c].Index].IdHash;
            var after = probes.BinarySearch(point);

            // The nearest probe at or before the point, going round the ring past zero if need be.
            var nearest = after >= 0 ? probes[after] : probes[(~after == 0 ? Probes : ~after) - 1];
            var gap = point - nearest;
            if (gap < bestGap)
            {
                best = c;
                bestGap = gap;
            }
        }

        return best;
    }

    private int Successor(ulong at)
    {
        var range = (int)(at >> _shift);
        var i = _start[range];
        var end = _start[range + 1];
        while (i < end && _points[i] < at)
        {
            i++;
        }

        return i == _points.Length ? 0 : i;
    }
}
