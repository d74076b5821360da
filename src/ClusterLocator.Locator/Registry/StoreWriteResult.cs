namespace ClusterLocator.Locator.Registry;

/// <summary>The outcome of a report written to the store.</summary>
internal readonly struct StoreWriteResult
{
    private StoreWriteResult(bool accepted, long currentSeq, string? problem)
    {
        IsAccepted = accepted;
        CurrentSeq = currentSeq;
        Problem = problem;
    }

    public bool IsAccepted { get; }

    /// <summary>For a report out of order, the newer <c>seq</c> already stored.</summary>
    public long CurrentSeq { get; }

    /// <summary>For a report the store cannot take now (etcd refused writes, or is full), why and what to do; null otherwise.</summary>
    public string? Problem { get; }

    public static StoreWriteResult Accepted() => new(true, 0, null);

    /// <summary>The report is older than the stored one of the same incarnation.</summary>
    public static StoreWriteResult OutOfOrder(long currentSeq) => new(false, currentSeq, null);

    /// <summary>The store does not take writes now, for <paramref name="problem"/>: answered 503, the controller retries later.</summary>
    public static StoreWriteResult Refused(string problem) => new(false, 0, problem);
}
