using ClusterLocator.Locator.Placement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClusterLocator.Locator.Tests.Placement;

/// <summary>Each policy is a service, found by its <see cref="IPlacementPolicy.Name"/> from <see cref="LocatorOptions.Policy"/>.</summary>
public class PlacementPolicyLookupTests
{
    private static ClusterSelector SelectorFor(string policy)
    {
        var services = new ServiceCollection();
        services.AddKeyedSingleton(PlacementPolicies.RandomKey, new Random(42));
        services.AddClusterLocator(options => options.Policy = policy);
        return services.BuildServiceProvider().GetRequiredService<ClusterSelector>();
    }

    [Theory]
    [InlineData(PlacementPolicies.Best, typeof(BestHealthPolicy))]
    [InlineData(PlacementPolicies.PowerOfTwoChoices, typeof(PowerOfTwoChoicesPolicy))]
    [InlineData(PlacementPolicies.Weighted, typeof(WeightedPolicy))]
    [InlineData(PlacementPolicies.RoundRobin, typeof(RoundRobinPolicy))]
    public void Selector_KnownName_UsesThatPolicy(string name, Type type)
    {
        var policy = SelectorFor(name).Policy;

        Assert.IsType(type, policy);
        Assert.Equal(name, policy.Name);
    }

    [Fact]
    public void Selector_UnknownName_FailsListingTheNames()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => SelectorFor("fastest"));

        var error = Assert.Single(ex.Failures);
        Assert.Contains("'fastest'", error, StringComparison.Ordinal);
        Assert.Contains("round-robin", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Policies_HaveOneServiceEach_NamedInAll()
    {
        var services = new ServiceCollection();
        services.AddClusterLocator();

        var names = services.BuildServiceProvider().GetServices<IPlacementPolicy>().Select(p => p.Name);

        Assert.Equal(PlacementPolicies.All, names);
    }

    [Fact]
    public void All_ListsEveryPolicyOnce()
    {
        Assert.Equal(new[] { "best", "p2c", "weighted", "round-robin" }, PlacementPolicies.All);
    }
}
