using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;

namespace ClusterLocator.Locator.Tests.Api;

/// <summary>The memory store, except that it refuses every write of <see cref="Service"/>, as an unreachable etcd would.</summary>
internal sealed class RefusingClusterStore : IClusterStore
{
    public const string Service = "refused";

    private readonly MemoryClusterStore _inner = new();

    public string Kind => _inner.Kind;

    public bool KeepsLeases => _inner.KeepsLeases;

    public bool IsLoaded => _inner.IsLoaded;

    public StoreHealth Health => _inner.Health;

    public event Action<StoreChange>? Changed
    {
        add => _inner.Changed += value;
        remove => _inner.Changed -= value;
    }

    public ValueTask<StoreWriteResult> WriteAsync(string clusterId, ClusterReport report, CancellationToken cancellationToken) =>
        report.Service == Service
            ? ValueTask.FromResult(StoreWriteResult.Refused("the test's store refuses writes of this service."))
            : _inner.WriteAsync(clusterId, report, cancellationToken);

    public ValueTask DeleteAsync(string clusterId, ClusterReport? ifCurrent, CancellationToken cancellationToken) =>
        _inner.DeleteAsync(clusterId, ifCurrent, cancellationToken);

    public ValueTask DisposeAsync() => _inner.DisposeAsync();
}
