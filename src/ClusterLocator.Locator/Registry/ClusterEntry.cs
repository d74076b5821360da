using System.Runtime.CompilerServices;
using ClusterLocator.Locator.Health;
using ClusterLocator.Locator.Placement;
using ClusterLocator.Protocol;

namespace ClusterLocator.Locator.Registry;

/// <summary>
/// One cluster in a published snapshot: its last accepted report, reduced to what a locate needs.
/// Immutable but for the count of sessions placed since the report, which the hot path increments.
/// </summary>
internal sealed class ClusterEntry
{
    private readonly string? _tcpAddress;
    private readonly string? _httpAddress;
    private readonly double _inverseCapacity;
    private readonly double _floorUtilization;
    private readonly double _availability;

    // The health the report set itself, or −1 when the formula applies.
    private readonly double _explicitHealth;
    private long _placed;

    // This locator's own placements not yet handed to its peers (see TakeUnsharedPlacements).
    private long _unshared;
    private double _health;
    private double _nextHealth;

    // The index that decides over this entry, and the entry's slot in it: a placement updates it.
    private DecisionIndex? _owner;
    private int _slot;

    public ClusterEntry(string clusterId, ClusterReport report, long reportedAt, long leaseExpiresAt)
    {
        ClusterId = clusterId;
        IdHash = AffinityHash.Of(clusterId);
        Report = report;
        Service = report.Service!;
        Zone = report.Zone;
        Draining = report.State == ClusterStates.Draining;
        ReportedAt = reportedAt;
        LeaseExpiresAt = leaseExpiresAt;

        foreach (var endpoint in report.Endpoints!)
        {
            if (endpoint.Protocol == Protocols.Tcp)
            {
                _tcpAddress ??= endpoint.Address;
            }
            else if (endpoint.Protocol == Protocols.Http)
            {
                _httpAddress ??= endpoint.Address;
            }
        }

        PreferredProtocol = report.Endpoints[0].Protocol!;
        var load = report.Load!;
        Sessions = load.Sessions!.Value;
        Capacity = load.Capacity!.Value;
        // 1 / capacity, so computing a health multiplies instead of dividing.
        _inverseCapacity = 1.0 / Capacity;
        _floorUtilization = Math.Max(load.Cpu ?? 0, load.Memory ?? 0);
        _availability = HealthModel.Availability(load.HealthyMembers, load.Members);
        _explicitHealth = report.Health ?? -1;
        _health = ComputeHealth(0);
        _nextHealth = ComputeHealth(1);
    }

    public string ClusterId { get; }

    /// <summary>The id's stable hash: the cluster's point on the key's ring (<see cref="AffinityRing"/>).</summary>
    public ulong IdHash { get; }

    public ClusterReport Report { get; }

    public string Service { get; }

    public string? Zone { get; }

    public bool Draining { get; }

    /// <summary>The protocol of the first endpoint reported: the controller's preference.</summary>
    public string PreferredProtocol { get; }

    /// <summary>When the report was accepted, on the locator's monotonic clock.</summary>
    public long ReportedAt { get; }

    public long LeaseExpiresAt { get; }

    public int Sessions { get; }

    public int Capacity { get; }

    /// <summary>Sessions placed here since the report: this locator's own and those its peers shared.</summary>
    public long Placed => Volatile.Read(ref _placed);

    /// <summary>Whether the sweep has logged this entry's expiry (so it is logged once).</summary>
    public bool ExpiryLogged { get; set; }

    public bool IsAlive(long now) => now < LeaseExpiresAt;

    /// <summary>
    /// The one eligibility rule: whether a locate may place a session here at <paramref name="now"/>
    /// (alive, not draining, health above zero), and if not, why. The selector, the explanation of a
    /// 503, the cluster list, the status and the metrics all read it. A stale report does not make a
    /// cluster ineligible: whether a placement is stale is the registry's call
    /// (<see cref="ClusterRegistry.IsStale"/>), since it depends on the store as well.
    /// </summary>
    // Inlined: the selector calls it for every cluster of the service, on every locate.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public EntryState StateAt(long now)
    {
        var health = Health;
        var eligibility = !IsAlive(now) ? Eligibility.Expired
            : Draining ? Eligibility.Draining
            : health > 0 ? Eligibility.Eligible
            : Eligibility.ZeroHealth;
        return new EntryState(eligibility, health);
    }

    /// <summary>This entry with its lease ended at <paramref name="now"/>: the store said it expired.</summary>
    public ClusterEntry ExpiredAt(long now) => new(ClusterId, Report, ReportedAt, now);

    /// <summary>
    /// The current health, counting the sessions placed since the report. Computed when a placement
    /// changes it rather than on every read: a locate reads the health of every cluster of the
    /// service, but changes one.
    /// </summary>
    public double Health => Volatile.Read(ref _health);

    /// <summary>The health once one more session is placed here: what the best policy compares.</summary>
    public double NextHealth => Volatile.Read(ref _nextHealth);

    /// <summary>The address for <paramref name="protocol"/>, or the preferred one when it is null.</summary>
    public string? AddressFor(string? protocol) => protocol switch
    {
        null => PreferredProtocol == Protocols.Tcp ? _tcpAddress : _httpAddress,
        Protocols.Tcp => _tcpAddress,
        Protocols.Http => _httpAddress,
        _ => null,
    };

    /// <summary>Counts one more session placed here, so the next locate sees less headroom.</summary>
    public void RecordPlacement()
    {
        Interlocked.Increment(ref _unshared);
        Add(1);
    }

    /// <summary>
    /// Counts <paramref name="count"/> sessions that a peer locator placed here against this same
    /// report, so this locator sees the headroom they took. They are not shared again.
    /// </summary>
    public void RecordPeerPlacements(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        Add(count);
    }

    /// <summary>
    /// This locator's own placements here since the last call (or since the report), for its peers;
    /// the next call starts from zero. A placement is handed out once, however many callers race.
    /// </summary>
    public long TakeUnsharedPlacements() =>
        Volatile.Read(ref _unshared) == 0 ? 0 : Interlocked.Exchange(ref _unshared, 0);

    /// <summary>
    /// Makes <paramref name="owner"/> the index that this entry's placements update, at
    /// <paramref name="slot"/>; the service's index calls it when it takes the entry in.
    /// </summary>
    internal void Claim(DecisionIndex owner, int slot)
    {
        // The slot first: a placement that sees the new owner then reads its slot. A full fence after
        // the owner (the index reads the health next), matched by the one in Add: either the index
        // reads the placement's health, or the placement finds the index.
        Volatile.Write(ref _slot, slot);
        Interlocked.Exchange(ref _owner, owner);
    }

    private void Add(long count)
    {
        var placed = Interlocked.Add(ref _placed, count);
        while (true)
        {
            Volatile.Write(ref _health, ComputeHealth(placed));
            Volatile.Write(ref _nextHealth, ComputeHealth(placed + 1));

            // A placement that raced past this one may have written its health first: the health
            // published last must be that of the latest count.
            var latest = Volatile.Read(ref _placed);
            if (latest == placed)
            {
                break;
            }

            placed = latest;
        }

        // The index reads the health written above, so that the one written last reaches it. The fence
        // keeps the health's write before the owner's read (see Claim).
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _owner) is { } owner)
        {
            owner.Refresh(Volatile.Read(ref _slot));
        }
    }

    private double ComputeHealth(long placed) =>
        HealthModel.Compute(_availability, _floorUtilization, Sessions, placed, _inverseCapacity, _explicitHealth);
}
