using ARSoft.Tools.Net.Dns;
using ClusterLocator.Locator.Fairness;
using ClusterLocator.Locator.Placement;
using ClusterLocator.Locator.Registry;

namespace ClusterLocator.Locator.Dns;

/// <summary>
/// The first half of a DNS locate (<see cref="DnsResponder.Decide"/>): the checks and the decision,
/// nothing counted yet; either a refusal to put in the answer or a placement to answer and count.
/// </summary>
internal readonly record struct DnsDecision(
    ClientKey Client,
    ReturnCode Code,
    ushort InfoCode,
    string? Text,
    PlacementResult Result,
    ClusterEntry[] Clusters)
{
    /// <summary>Whether a cluster was chosen.</summary>
    public bool IsPlaced => Result.IsPlaced;
}
