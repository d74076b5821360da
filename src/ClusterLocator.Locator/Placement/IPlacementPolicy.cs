namespace ClusterLocator.Locator.Placement;

/// <summary>Chooses one cluster among the eligible ones. Implementations are thread-safe and allocate nothing.</summary>
internal interface IPlacementPolicy
{
    /// <summary>The policy's name in <see cref="PlacementPolicies"/>.</summary>
    string Name { get; }

    /// <summary>Returns the position in <paramref name="candidates"/> (never empty) of the cluster to use.</summary>
    int Pick(ReadOnlySpan<Candidate> candidates);

    /// <summary>
    /// What <see cref="Pick"/> would return now, without moving state the next pick depends on (an
    /// explanation must not change what the next locate gets). A random policy may answer another.
    /// </summary>
    int Peek(ReadOnlySpan<Candidate> candidates) => Pick(candidates);

    /// <summary>
    /// What <see cref="Pick"/> (or, when <paramref name="peek"/>, <see cref="Peek"/>) would choose among
    /// the eligible clusters of <paramref name="index"/>, as a slot of its entries, read from the index
    /// rather than a list of candidates; −1 when the policy needs the list (the selector then scans).
    /// </summary>
    int PickSlot(DecisionIndex index, bool peek) => -1;
}
