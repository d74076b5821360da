namespace ClusterLocator.Locator.Placement;

/// <summary>
/// The slots of a service's clusters that a locate may choose, in id order: what <c>p2c</c> and
/// <c>round-robin</c> draw from without scanning the service. Immutable; <see cref="DecisionIndex"/>
/// makes a new one when a cluster's eligibility changes.
/// </summary>
internal sealed class EligibleSet(int[] slots, int version)
{
    public static EligibleSet None { get; } = new([], -1);

    public int[] Slots { get; } = slots;

    /// <summary>The <see cref="DecisionIndex"/> version it was taken at.</summary>
    public int Version { get; } = version;
}
