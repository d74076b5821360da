using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;

namespace ClusterLocator.Locator.Tests.Dashboard;

/// <summary>A memory store whose health a test sets, as an etcd store's would change with etcd.</summary>
internal sealed class SwitchableHealthStore : IClusterStore
{
    private readonly MemoryClusterStore _inner = new();

    public SwitchableHealthStore() => _inner.Changed += change => Changed?.Invoke(change);

    public event Action<StoreChange>? Changed;

    public string Kind => "switchable";

    public bool KeepsLeases => false;

    public bool IsLoaded => true;

    public StoreHealth Health { get; set; } = new(true, 0, null);

    public ValueTask<StoreWriteResult> WriteAsync(string clusterId, ClusterReport report, CancellationToken cancellationToken) =>
        _inner.WriteAsync(clusterId, report, cancellationToken);

    public ValueTask DeleteAsync(string clusterId, ClusterReport? ifCurrent, CancellationToken cancellationToken) =>
        _inner.DeleteAsync(clusterId, ifCurrent, cancellationToken);

    public ValueTask DisposeAsync() => _inner.DisposeAsync();
}
