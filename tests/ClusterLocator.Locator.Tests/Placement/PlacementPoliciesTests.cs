using ClusterLocator.Locator.Placement;

namespace ClusterLocator.Locator.Tests.Placement;

public class PlacementPoliciesTests
{
    [Theory]
    [InlineData(PlacementPolicyNames.Best, typeof(BestHealthPolicy))]
    [InlineData(PlacementPolicyNames.PowerOfTwoChoices, typeof(PowerOfTwoChoicesPolicy))]
    [InlineData(PlacementPolicyNames.Weighted, typeof(WeightedPolicy))]
    [InlineData(PlacementPolicyNames.RoundRobin, typeof(RoundRobinPolicy))]
    public void Create_KnownName_ReturnsThatPolicy(string name, Type type)
    {
        var policy = PlacementPolicies.Create(name, new Random(42));

        Assert.IsType(type, policy);
        Assert.Equal(name, policy.Name);
    }

    [Fact]
    public void Create_UnknownName_ThrowsListingTheNames()
    {
        var ex = Assert.Throws<ArgumentException>(() => PlacementPolicies.Create("fastest", new Random(42)));

        Assert.Contains("'fastest'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("round-robin", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_ListsEveryPolicyOnce()
    {
        Assert.Equal(new[] { "best", "p2c", "weighted", "round-robin" }, PlacementPolicyNames.All);
    }
}
