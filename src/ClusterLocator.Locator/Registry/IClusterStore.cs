using ClusterLocator.Protocol;

namespace ClusterLocator.Locator.Registry;

/// <summary>
/// Where the locator keeps cluster state: in memory for one locator, or a shared store that several
/// locators read. The store orders reports (<c>incarnation</c> + <c>seq</c>); the registry keeps
/// leases on its own clock and publishes what the store says through <see cref="Changed"/>.
/// </summary>
internal interface IClusterStore : IAsyncDisposable
{
    /// <summary><c>memory</c> or <c>etcd</c>.</summary>
    string Kind { get; }

    /// <summary>Raised for every change the store accepts, whoever made it.</summary>
    event Action<StoreChange>? Changed;

    /// <summary>Stores <paramref name="report"/> unless an accepted report of the same incarnation is newer.</summary>
    ValueTask<StoreWriteResult> WriteAsync(string clusterId, ClusterReport report, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the cluster; when <paramref name="ifCurrent"/> is given, only while that report is still
    /// the stored one (so a sweep never removes a cluster that has just reported again).
    /// </summary>
    ValueTask DeleteAsync(string clusterId, ClusterReport? ifCurrent, CancellationToken cancellationToken);
}
