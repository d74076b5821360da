namespace ClusterLocator.Locator.Placement;

/// <summary>The names of the selection policies, as set in <see cref="LocatorOptions.Policy"/>.</summary>
public static class PlacementPolicies
{
    /// <summary>The highest health a cluster keeps once it has taken the session, ties at random: the default.</summary>
    public const string Best = "best";

    /// <summary>The healthier of two clusters drawn at random.</summary>
    public const string PowerOfTwoChoices = "p2c";

    /// <summary>At random, in proportion to health × capacity.</summary>
    public const string Weighted = "weighted";

    /// <summary>Each eligible cluster in turn, whatever its health: a baseline.</summary>
    public const string RoundRobin = "round-robin";

    /// <summary>
    /// The service key of the <see cref="Random"/> the policies draw from. Keyed, so that a
    /// <see cref="Random"/> an application registers for itself is not taken for this one.
    /// </summary>
    internal const string RandomKey = "ClusterLocator.Locator.Placement";

    /// <summary>Every policy name.</summary>
    public static IReadOnlyList<string> All { get; } = [Best, PowerOfTwoChoices, Weighted, RoundRobin];
}
