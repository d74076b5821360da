namespace ClusterLocator.Locator.Placement;

/// <summary>Each eligible cluster in turn, ignoring health: the baseline the others are measured against.</summary>
internal sealed class RoundRobinPolicy : IPlacementPolicy
{
    private uint _next;

    public string Name => PlacementPolicies.RoundRobin;

    public int Pick(ReadOnlySpan<Candidate> candidates) => Pick(candidates.Length);

    public int Peek(ReadOnlySpan<Candidate> candidates) => Peek(candidates.Length);

    public int PickSlot(DecisionIndex index, bool peek)
    {
        var slots = index.Eligible().Slots;
        return slots.Length == 0 ? -1 : slots[peek ? Peek(slots.Length) : Pick(slots.Length)];
    }

    private int Pick(int count) => (int)((Interlocked.Increment(ref _next) - 1) % (uint)count);

    private int Peek(int count) => (int)(Volatile.Read(ref _next) % (uint)count);
}
