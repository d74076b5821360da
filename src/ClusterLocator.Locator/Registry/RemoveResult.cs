namespace ClusterLocator.Locator.Registry;

/// <summary>What a deregistration did: removed the cluster, found none, or found another incarnation.</summary>
internal readonly record struct RemoveResult
{
    private RemoveResult(RemoveOutcome outcome, string? currentIncarnation)
    {
        Outcome = outcome;
        CurrentIncarnation = currentIncarnation;
    }

    public RemoveOutcome Outcome { get; }

    /// <summary>The incarnation the cluster has now; set when it is not the one named.</summary>
    public string? CurrentIncarnation { get; }

    public static RemoveResult Removed { get; } = new(RemoveOutcome.Removed, null);

    public static RemoveResult Unknown { get; } = new(RemoveOutcome.Unknown, null);

    public static RemoveResult OtherIncarnation(string current) => new(RemoveOutcome.OtherIncarnation, current);
}
