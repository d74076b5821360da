namespace ClusterLocator.Locator.Placement;

/// <summary>Looks policies up by name.</summary>
internal static class PlacementPolicyFactory
{
    /// <summary>The policy named <paramref name="name"/>; names are checked at start-up by the options validator.</summary>
    public static IPlacementPolicy Create(string name, Random random) => name switch
    {
        PlacementPolicies.Best => new BestHealthPolicy(random),
        PlacementPolicies.PowerOfTwoChoices => new PowerOfTwoChoicesPolicy(random),
        PlacementPolicies.Weighted => new WeightedPolicy(random),
        PlacementPolicies.RoundRobin => new RoundRobinPolicy(),
        _ => throw new ArgumentException($"Unknown policy '{name}'; use one of {string.Join(", ", PlacementPolicies.All)}.", nameof(name)),
    };
}
