using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;

namespace ClusterLocator.Locator.Placement;

/// <summary>
/// What a locate decision reads for one service, kept up to date rather than recomputed per locate:
/// the clusters by slot (id order), a <see cref="NextHealthTree"/> of the health each would keep once
/// it takes a session (absent when it is not eligible), and the <see cref="EligibleSet"/> the random
/// policies draw from, and the key's <see cref="AffinityRing"/>. A report replaces one slot in place and a placement updates one
/// leaf, each in O(log n); only a cluster joining or leaving the service builds a new index.
/// </summary>
/// <remarks>
/// Eligibility is <see cref="ClusterEntry.StateAt"/>'s rule split in two: whether a cluster is alive and
/// active is judged when its slot is written (a lease only runs out, so the judgement holds until the
/// earliest lease of the clusters judged alive, when the index judges every slot again), and whether
/// its health is above zero is judged on every placement. Requests that filter the service further
/// (an exclude list, a protocol not every cluster offers, a zone when the service spans several) are
/// answered by the selector's scan of <see cref="Entries"/>, the reference this index must agree with.
/// </remarks>
internal sealed class DecisionIndex
{
    private readonly ClusterEntry[] _entries;
    private readonly bool[] _active;

    // Each slot's current health beside the others, for p2c's two random reads.
    private readonly double[] _health;
    private readonly NextHealthTree _tree;
    private readonly Lock _gate = new();
    private long _validUntil;
    private int _lackingTcp;
    private int _lackingHttp;
    private readonly string? _soleZone;
    private bool _mixedZones;

    // Bumped (under the gate) whenever a slot becomes eligible or stops being so.
    private int _version;
    private EligibleSet _eligible = EligibleSet.None;

    // Built at the first locate with a key: a cluster's point does not move with its reports.
    private AffinityRing? _ring;

    /// <summary>
    /// Indexes <paramref name="entries"/> (ordered by id) as of <paramref name="now"/>. A registry
    /// index <paramref name="claim"/>s its entries, so that their placements update it; a one-off
    /// index (an explanation, a test) leaves them to the index that owns them.
    /// </summary>
    public DecisionIndex(ClusterEntry[] entries, long now, bool claim)
    {
        _entries = entries;
        _active = new bool[entries.Length];
        _health = new double[entries.Length];
        _tree = new NextHealthTree(entries.Length);
        _soleZone = entries.Length > 0 ? entries[0].Zone : null;
        lock (_gate)
        {
            for (var slot = 0; slot < entries.Length; slot++)
            {
                var entry = entries[slot];
                if (claim)
                {
                    // Before its health is read: a placement that raced past this read finds this index.
                    entry.Claim(this, slot);
                }

                Count(entry, 1);
            }

            JudgeLocked(now);
        }
    }

    public static DecisionIndex Empty { get; } = new([], 0, claim: false);

    /// <summary>The clusters of the service, ordered by id; a report replaces one in place.</summary>
    public ClusterEntry[] Entries => _entries;

    internal NextHealthTree Tree => _tree;

    /// <summary>The health of the cluster in <paramref name="slot"/> as its last placement or report left it.</summary>
    public double HealthOf(int slot) => Volatile.Read(ref _health[slot]);

    /// <summary>The key's ring over every slot; a slot counts when <see cref="Tree"/> holds it present.</summary>
    public AffinityRing Ring => Volatile.Read(ref _ring) ?? BuildRing();

    /// <summary>
    /// Whether the index answers <paramref name="request"/> exactly at <paramref name="now"/>: the
    /// request narrows the service no further than the index does. Judges every slot again first
    /// when a lease it counted on has run out.
    /// </summary>
    public bool Serves(LocateRequest request, long now)
    {
        if (request.Exclude.Count > 0
            || (request.Protocol is { } protocol && !OfferedByAll(protocol))
            || (request.Zone is not null && Volatile.Read(ref _mixedZones)))
        {
            return false;
        }

        if (now >= Volatile.Read(ref _validUntil))
        {
            lock (_gate)
            {
                if (now >= _validUntil)
                {
                    JudgeLocked(now);
                }
            }
        }

        return true;
    }

    /// <summary>The eligible slots in id order, taken again if a slot's eligibility changed since.</summary>
    public EligibleSet Eligible()
    {
        var eligible = Volatile.Read(ref _eligible);
        return eligible.Version == Volatile.Read(ref _version) ? eligible : TakeEligible();
    }

    /// <summary>Puts <paramref name="entry"/> (the same cluster's new report) in <paramref name="slot"/>, judged at <paramref name="now"/>.</summary>
    public void Replace(int slot, ClusterEntry entry, long now)
    {
        lock (_gate)
        {
            Count(_entries[slot], -1);
            Count(entry, 1);
            entry.Claim(this, slot);
            Volatile.Write(ref _entries[slot], entry);
            if (JudgeLocked(slot, now) && entry.LeaseExpiresAt < _validUntil)
            {
                Volatile.Write(ref _validUntil, entry.LeaseExpiresAt);
            }

            RefreshLocked(slot);
        }
    }

    /// <summary>Takes the health of the cluster in <paramref name="slot"/> again: a placement changed it.</summary>
    public void Refresh(int slot)
    {
        // A placement racing a newer index's claim may pair this index with that index's slot.
        if ((uint)slot >= (uint)_entries.Length)
        {
            return;
        }

        lock (_gate)
        {
            RefreshLocked(slot);
        }
    }

    private bool OfferedByAll(string protocol) => protocol switch
    {
        Protocols.Tcp => Volatile.Read(ref _lackingTcp) == 0,
        Protocols.Http => Volatile.Read(ref _lackingHttp) == 0,
        _ => false,
    };

    private void Count(ClusterEntry entry, int sign)
    {
        _lackingTcp += entry.AddressFor(Protocols.Tcp) is null ? sign : 0;
        _lackingHttp += entry.AddressFor(Protocols.Http) is null ? sign : 0;
        if (sign > 0 && !string.Equals(entry.Zone, _soleZone, StringComparison.Ordinal))
        {
            Volatile.Write(ref _mixedZones, true);
        }
    }

    private void JudgeLocked(long now)
    {
        var validUntil = long.MaxValue;
        var healths = new double[_entries.Length];
        for (var slot = 0; slot < _entries.Length; slot++)
        {
            if (JudgeLocked(slot, now))
            {
                validUntil = Math.Min(validUntil, _entries[slot].LeaseExpiresAt);
            }

            healths[slot] = Key(slot);
        }

        _tree.Load(healths);
        Volatile.Write(ref _validUntil, validUntil);
        Volatile.Write(ref _version, _version + 1);
    }

    /// <summary>Whether the cluster in <paramref name="slot"/> is alive and active at <paramref name="now"/>.</summary>
    private bool JudgeLocked(int slot, long now)
    {
        var entry = _entries[slot];
        return _active[slot] = entry.IsAlive(now) && !entry.Draining;
    }

    private void RefreshLocked(int slot)
    {
        var key = Key(slot);
        var wasEligible = _tree[slot] >= 0;
        _tree.Set(slot, key);
        if (wasEligible != key >= 0)
        {
            Volatile.Write(ref _version, _version + 1);
        }
    }

    /// <summary>The slot's value in the tree, and its health kept beside the others.</summary>
    private double Key(int slot)
    {
        var entry = _entries[slot];
        var health = entry.Health;
        Volatile.Write(ref _health[slot], health);
        return _active[slot] && health > 0 ? entry.NextHealth : NextHealthTree.Absent;
    }

    private AffinityRing BuildRing()
    {
        // Two locates racing here build a ring each; both are the same, and one is kept.
        Interlocked.CompareExchange(ref _ring, new AffinityRing(_entries), null);
        return _ring!;
    }

    private EligibleSet TakeEligible()
    {
        lock (_gate)
        {
            if (_eligible.Version == _version)
            {
                return _eligible;
            }

            var slots = new List<int>(_entries.Length);
            for (var slot = 0; slot < _entries.Length; slot++)
            {
                if (_tree[slot] >= 0)
                {
                    slots.Add(slot);
                }
            }

            var eligible = new EligibleSet([.. slots], _version);
            Volatile.Write(ref _eligible, eligible);
            return eligible;
        }
    }
}
