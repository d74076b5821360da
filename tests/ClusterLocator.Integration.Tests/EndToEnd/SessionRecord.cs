namespace ClusterLocator.Integration.Tests.EndToEnd;

/// <summary>
/// One session of the workload. A session that was cut while in use was opened again through the
/// SDK (a second connect); it failed when it could not be opened, when its echo was wrong or late,
/// or when the session opened again was cut too.
/// </summary>
internal sealed record SessionRecord(
    int Worker,
    int Number,
    TimeSpan Started,
    TimeSpan Ended,
    IReadOnlyList<ConnectRecord> Connects,
    SessionCut? Cut,
    string? Failure)
{
    public bool Failed => Failure is not null;

    /// <summary>Cut in use, then opened again and completed.</summary>
    public bool Interrupted => Cut is not null && Failure is null;

    public override string ToString() =>
        $"session w{Worker}#{Number} [{Started.TotalMilliseconds:0}–{Ended.TotalMilliseconds:0} ms] "
        + $"connects: {string.Join("; ", Connects.Select(c => $"{c.Started.TotalMilliseconds:0} ms opened on {c.OpenedOn ?? "nothing"} refused by [{string.Join(",", c.RefusedBy)}]"))}"
        + (Cut is null ? string.Empty : $"; cut on {Cut.ClusterId} at {Cut.At.TotalMilliseconds:0} ms: {Cut.Reason}")
        + (Failure is null ? string.Empty : $"; FAILED: {Failure}");
}
