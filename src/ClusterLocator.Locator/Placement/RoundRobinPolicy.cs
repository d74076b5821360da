namespace ClusterLocator.Locator.Placement;

/// <summary>Each eligible cluster in turn, ignoring health: the baseline the others are measured against.</summary>
internal sealed class RoundRobinPolicy : IPlacementPolicy
{
    private uint _next;

    public string Name => PlacementPolicies.RoundRobin;

    public int Pick(ReadOnlySpan<Candidate> candidates) =>
        (int)((Interlocked.Increment(ref _next) - 1) % (uint)candidates.Length);

    public int Peek(ReadOnlySpan<Candidate> candidates) =>
        (int)(Volatile.Read(ref _next) % (uint)candidates.Length);
}
