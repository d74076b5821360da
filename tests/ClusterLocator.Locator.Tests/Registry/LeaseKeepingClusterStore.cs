using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;

namespace ClusterLocator.Locator.Tests.Registry;

/// <summary>
/// A shared store as etcd is one, reduced to what the registry sees: it keeps the leases itself
/// (<see cref="KeepsLeases"/>), and its watch delivers changes, in any order, through
/// <see cref="Deliver"/>.
/// </summary>
internal sealed class LeaseKeepingClusterStore : IClusterStore
{
    public event Action<StoreChange>? Changed;

    public string Kind => "leasing";

    public bool KeepsLeases => true;

    public bool IsLoaded => true;

    /// <summary>Healthy until a test says the store cannot be reached.</summary>
    public StoreHealth Health { get; set; } = new(true, 0, null);

    /// <summary>The clusters the registry asked to forget, in order.</summary>
    public List<string> Deleted { get; } = [];

    /// <summary>Raises <paramref name="change"/>, as the store's watch does.</summary>
    public void Deliver(StoreChange change) => Changed?.Invoke(change);

    public ValueTask<StoreWriteResult> WriteAsync(string clusterId, ClusterReport report, CancellationToken cancellationToken)
    {
        Deliver(new StoreChange(clusterId, report));
        return ValueTask.FromResult(StoreWriteResult.Accepted());
    }

    public ValueTask DeleteAsync(string clusterId, ClusterReport? ifCurrent, CancellationToken cancellationToken)
    {
        Deleted.Add(clusterId);
        Deliver(new StoreChange(clusterId, null));
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
