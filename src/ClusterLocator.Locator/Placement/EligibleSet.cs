namespace ClusterLocator.Locator.Placement;

/// <summary>
/// The slots of a service's clusters that a locate may choose, in id order, with their ids' affinity
/// hashes alongside: what <c>p2c</c>, <c>round-robin</c> and the key draw from without scanning the
/// service. Immutable; <see cref="DecisionIndex"/> makes a new one when a cluster's eligibility changes.
/// </summary>
internal sealed class EligibleSet(int[] slots, ulong[] idHashes, int version)
{
    public static EligibleSet None { get; } = new([], [], -1);

    public int[] Slots { get; } = slots;

    public ulong[] IdHashes { get; } = idHashes;

    /// <summary>The <see cref="DecisionIndex"/> version it was taken at.</summary>
    public int Version { get; } = version;

    public int Count => Slots.Length;
}
