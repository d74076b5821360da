namespace ClusterLocator.Yarp;

/// <summary>How a YARP gateway follows the clusters of the services its destinations name.</summary>
public sealed class ClusterLocatorDestinationOptions
{
    /// <summary>
    /// How often a cluster's destinations are asked of the locators again: a draining, deregistered or
    /// expired cluster leaves the list, a new one joins it, and the order follows health.
    /// </summary>
    /// <remarks>Defaults to 5 seconds, the locator's default placement <c>ttlMs</c>.</remarks>
    public TimeSpan RefreshPeriod { get; set; } = TimeSpan.FromSeconds(5);
}
