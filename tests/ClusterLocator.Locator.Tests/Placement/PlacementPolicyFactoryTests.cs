using ClusterLocator.Locator.Placement;

namespace ClusterLocator.Locator.Tests.Placement;

public class PlacementPolicyFactoryTests
{
    [Theory]
    [InlineData(PlacementPolicies.Best, typeof(BestHealthPolicy))]
    [InlineData(PlacementPolicies.PowerOfTwoChoices, typeof(PowerOfTwoChoicesPolicy))]
    [InlineData(PlacementPolicies.Weighted, typeof(WeightedPolicy))]
    [InlineData(PlacementPolicies.RoundRobin, typeof(RoundRobinPolicy))]
    public void Create_KnownName_ReturnsThatPolicy(string name, Type type)
    {
        var policy = PlacementPolicyFactory.Create(name, new Random(42));

        Assert.IsType(type, policy);
        Assert.Equal(name, policy.Name);
    }

    [Fact]
    public void Create_UnknownName_ThrowsListingTheNames()
    {
        var ex = Assert.Throws<ArgumentException>(() => PlacementPolicyFactory.Create("fastest", new Random(42)));

        Assert.Contains("'fastest'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("round-robin", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_ListsEveryPolicyOnce()
    {
        Assert.Equal(new[] { "best", "p2c", "weighted", "round-robin" }, PlacementPolicies.All);
    }
}
