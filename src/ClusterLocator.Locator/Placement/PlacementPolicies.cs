namespace ClusterLocator.Locator.Placement;

/// <summary>Looks policies up by name.</summary>
internal static class PlacementPolicies
{
    /// <summary>The policy named <paramref name="name"/>; names are checked at start-up by the options validator.</summary>
    public static IPlacementPolicy Create(string name, Random random) => name switch
    {
        PlacementPolicyNames.Best => new BestHealthPolicy(random),
        PlacementPolicyNames.PowerOfTwoChoices => new PowerOfTwoChoicesPolicy(random),
        PlacementPolicyNames.Weighted => new WeightedPolicy(random),
        PlacementPolicyNames.RoundRobin => new RoundRobinPolicy(),
        _ => throw new ArgumentException($"Unknown policy '{name}'; use one of {string.Join(", ", PlacementPolicyNames.All)}.", nameof(name)),
    };
}
