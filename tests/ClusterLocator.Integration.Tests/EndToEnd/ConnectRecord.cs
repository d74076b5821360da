namespace ClusterLocator.Integration.Tests.EndToEnd;

/// <summary>
/// One <c>ConnectTcpAsync</c> call: when it started and ended (on the test's stopwatch), the cluster
/// the session was opened on (null when it could not be opened) and the clusters placed on first
/// that refused it, in order. Every cluster named here is a placement the locator made.
/// </summary>
internal sealed record ConnectRecord(TimeSpan Started, TimeSpan Ended, string? OpenedOn, IReadOnlyList<string> RefusedBy)
{
    /// <summary>Every cluster the locator placed this call on: the refusing ones, then the one opened.</summary>
    public IEnumerable<string> Placements => OpenedOn is null ? RefusedBy : [.. RefusedBy, OpenedOn];
}
