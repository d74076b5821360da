namespace ClusterLocator.Locator.Dashboard;

/// <summary>Which clusters a stream sends: the service filter (null for every service) and the page of them.</summary>
internal sealed record PageInfo(string? Service, int Page, int PageSize, int Total)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}
