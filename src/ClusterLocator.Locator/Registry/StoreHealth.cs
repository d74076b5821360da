namespace ClusterLocator.Locator.Registry;

/// <summary>Whether the store can be reached, since when it was last, and why not.</summary>
/// <param name="Healthy">The last access succeeded.</param>
/// <param name="LastContact">When the store last answered, on the locator's monotonic clock.</param>
/// <param name="Problem">Why the store is unhealthy; null when healthy.</param>
internal readonly record struct StoreHealth(bool Healthy, long LastContact, string? Problem);
