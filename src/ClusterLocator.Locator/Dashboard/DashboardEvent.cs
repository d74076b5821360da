namespace ClusterLocator.Locator.Dashboard;

/// <summary>Something an operator wants to see happen: a cluster came, went, drained, or the store was lost.</summary>
/// <param name="Seq">Its number: events are numbered from 1 in the order seen, so a stream sends each once.</param>
/// <param name="UnixMs">When the sampler saw it, in Unix milliseconds.</param>
/// <param name="Kind">One of <see cref="DashboardEventKinds"/>.</param>
/// <param name="Service">The cluster's service; null for the store's events.</param>
/// <param name="ClusterId">The cluster; null for the store's events.</param>
/// <param name="Detail">What a person reads next to it.</param>
internal sealed record DashboardEvent(long Seq, long UnixMs, string Kind, string? Service, string? ClusterId, string Detail);
