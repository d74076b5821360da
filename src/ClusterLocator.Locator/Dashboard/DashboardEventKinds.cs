namespace ClusterLocator.Locator.Dashboard;

/// <summary>The kinds of <see cref="DashboardEvent"/>, as the page shows them.</summary>
internal static class DashboardEventKinds
{
    public const string Registered = "registered";
    public const string Expired = "expired";
    public const string Draining = "draining";

    /// <summary>Draining no more: the cluster reported active again.</summary>
    public const string Active = "active";

    /// <summary>Gone from the registry: deregistered, or forgotten after its lease ended.</summary>
    public const string Deregistered = "deregistered";

    public const string StoreUnreachable = "store-unreachable";
    public const string StoreBack = "store-back";
}
