using ClusterLocator.Locator.Limits;

namespace ClusterLocator.Locator.Registry;

/// <summary>The outcome of a report: written to the store, or refused by the store or by a limit.</summary>
internal readonly struct StoreWriteResult
{
    private StoreWriteResult(bool accepted, long currentSeq, string? problem, RegistryLimit? limit)
    {
        IsAccepted = accepted;
        CurrentSeq = currentSeq;
        Problem = problem;
        Limit = limit;
    }

    public bool IsAccepted { get; }

    /// <summary>For a report refused as out of order, the newer <c>seq</c> already stored.</summary>
    public long CurrentSeq { get; }

    /// <summary>For a report the store cannot take now (etcd refused writes, or is full), why and what to do; null otherwise.</summary>
    public string? Problem { get; }

    /// <summary>For a report refused because it would register a cluster past a limit, that limit; the store was not written.</summary>
    public RegistryLimit? Limit { get; }

    public static StoreWriteResult Accepted() => new(true, 0, null, null);

    /// <summary>The report is older than the stored one of the same incarnation.</summary>
    public static StoreWriteResult OutOfOrder(long currentSeq) => new(false, currentSeq, null, null);

    /// <summary>The store does not take writes now, for <paramref name="problem"/>: answered 503, the controller retries later.</summary>
    public static StoreWriteResult Refused(string problem) => new(false, 0, problem, null);

    /// <summary>The report would register a new cluster past <paramref name="limit"/>.</summary>
    public static StoreWriteResult LimitReached(RegistryLimit limit) => new(false, 0, null, limit);
}
