using ClusterLocator.Protocol;

namespace ClusterLocator.Locator.Registry;

/// <summary>A cluster as <see cref="ClusterEntry.StateAt"/> found it: its eligibility and the health that decided it.</summary>
/// <param name="Eligibility">Whether a locate may choose it, and if not, why.</param>
/// <param name="Health">Its health at that instant, read once, so a caller shows and uses the value the rule judged.</param>
internal readonly record struct EntryState(Eligibility Eligibility, double Health)
{
    public bool IsEligible => Eligibility == Eligibility.Eligible;

    /// <summary>
    /// The state as the API and the metrics name it (<see cref="ClusterStates"/>): <c>expired</c>,
    /// <c>draining</c>, or <c>active</c> whether or not it has headroom.
    /// </summary>
    public string Name => Eligibility switch
    {
        Eligibility.Expired => ClusterStates.Expired,
        Eligibility.Draining => ClusterStates.Draining,
        _ => ClusterStates.Active,
    };
}
