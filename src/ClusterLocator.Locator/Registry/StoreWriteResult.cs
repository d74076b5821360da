namespace ClusterLocator.Locator.Registry;

/// <summary>The outcome of a report written to the store.</summary>
internal readonly struct StoreWriteResult
{
    private StoreWriteResult(bool accepted, long currentSeq)
    {
        IsAccepted = accepted;
        CurrentSeq = currentSeq;
    }

    public bool IsAccepted { get; }

    /// <summary>For a refused report, the newer <c>seq</c> already stored.</summary>
    public long CurrentSeq { get; }

    public static StoreWriteResult Accepted() => new(true, 0);

    /// <summary>The report is older than the stored one of the same incarnation.</summary>
    public static StoreWriteResult OutOfOrder(long currentSeq) => new(false, currentSeq);
}
