namespace ClusterLocator.Locator.Diagnostics;

/// <summary>The result tags of <see cref="LocatorMetrics"/>.</summary>
internal static class MetricResults
{
    public const string Placed = "placed";
    public const string Unavailable = "unavailable";
    public const string WarmingUp = "warming_up";
    public const string Invalid = "invalid";
    public const string Accepted = "accepted";
    public const string OutOfOrder = "out_of_order";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";

    // Fair placement and rate limits.
    public const string RateLimited = "rate_limited";

    // Registry limits.
    public const string LimitReached = "limit_reached";
}
