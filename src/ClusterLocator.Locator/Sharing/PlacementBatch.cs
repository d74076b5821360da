namespace ClusterLocator.Locator.Sharing;

/// <summary>
/// The body of <c>POST /v1/placements</c>: the sessions one locator placed since its last batch,
/// per cluster, for its peers. Properties are nullable so that a missing field is named in the 400.
/// </summary>
internal sealed record PlacementBatch
{
    /// <summary>The sender's instance id (<see cref="LocatorInstance.Id"/>).</summary>
    public string? Locator { get; init; }

    /// <summary>One count per cluster.</summary>
    public IReadOnlyList<SharedPlacement?>? Placements { get; init; }
}
