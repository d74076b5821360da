using ClusterLocator.Locator.Placement;

namespace ClusterLocator.Locator.Simulation;

/// <summary>The policies a simulation can run: the real ones of <see cref="PlacementPolicies"/> and two baselines.</summary>
internal static class SimulationPolicies
{
    /// <summary>Uniformly at random, with no information: each cluster is an M/M/1 queue.</summary>
    public const string Random = "random";

    /// <summary>Join the shortest queue, seen fresh at every arrival: the oracle no locator can match.</summary>
    public const string ShortestQueue = "jsq";

    /// <summary>Every name a simulation accepts.</summary>
    public static IReadOnlyList<string> All { get; } = [.. PlacementPolicies.All, Random, ShortestQueue];

    /// <summary>Throws when <paramref name="name"/> is not in <see cref="All"/>.</summary>
    public static void ThrowIfUnknown(string name)
    {
        if (!All.Contains(name))
        {
            throw new ArgumentOutOfRangeException(nameof(name), name, "Not a simulation policy.");
        }
    }

    /// <summary>Whether <paramref name="name"/> is a baseline rather than a real policy.</summary>
    public static bool IsBaseline(string name) => name is Random or ShortestQueue;

    /// <summary>A new instance of the real policy <paramref name="name"/>, drawing from <paramref name="random"/>.</summary>
    public static IPlacementPolicy Create(string name, System.Random random) => name switch
    {
        PlacementPolicies.Best => new BestHealthPolicy(random),
        PlacementPolicies.PowerOfTwoChoices => new PowerOfTwoChoicesPolicy(random),
        PlacementPolicies.Weighted => new WeightedPolicy(random),
        PlacementPolicies.RoundRobin => new RoundRobinPolicy(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a placement policy."),
    };
}
