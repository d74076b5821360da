using ClusterLocator.Protocol;

namespace ClusterLocator.Locator.Registry;

/// <summary>
/// Where the locator keeps cluster state: in memory for one locator, or a shared store that several
/// locators read. The store orders reports (<c>incarnation</c> + <c>seq</c>) and publishes what it
/// holds through <see cref="Changed"/>, whoever wrote it.
/// </summary>
internal interface IClusterStore : IAsyncDisposable
{
    /// <summary><c>memory</c> or <c>etcd</c>.</summary>
    string Kind { get; }

    /// <summary>
    /// True when the store keeps the clusters' leases (etcd): it raises an expired removal when one
    /// runs out, and the registry does not expire clusters on its own clock.
    /// </summary>
    bool KeepsLeases { get; }

    /// <summary>Whether the store has been read once since start, so the registry knows every cluster it holds.</summary>
    bool IsLoaded { get; }

    /// <summary>Whether the store can be reached now.</summary>
    StoreHealth Health { get; }

    /// <summary>Raised for every change the store accepts, whoever made it.</summary>
    event Action<StoreChange>? Changed;

    /// <summary>Stores <paramref name="report"/> unless an accepted report of the same incarnation is newer.</summary>
    ValueTask<StoreWriteResult> WriteAsync(string clusterId, ClusterReport report, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the cluster (its controller deregistered); when <paramref name="ifCurrent"/> is given,
    /// only while that report is still the current one, and only from this locator's view: a sweep
    /// forgetting a long-expired cluster.
    /// </summary>
    ValueTask DeleteAsync(string clusterId, ClusterReport? ifCurrent, CancellationToken cancellationToken);
}
