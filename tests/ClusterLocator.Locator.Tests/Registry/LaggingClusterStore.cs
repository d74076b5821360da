using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;

namespace ClusterLocator.Locator.Tests.Registry;

/// <summary>
/// A store whose change notifications can be held back, as a shared store's watch lags behind a
/// write made by another locator.
/// </summary>
internal sealed class LaggingClusterStore : IClusterStore
{
    private readonly MemoryClusterStore _inner = new();
    private readonly Queue<StoreChange> _held = new();

    public LaggingClusterStore() => _inner.Changed += OnInnerChanged;

    public event Action<StoreChange>? Changed;

    public string Kind => "lagging";

    public bool KeepsLeases => false;

    public bool IsLoaded => true;

    public StoreHealth Health => _inner.Health;

    /// <summary>While true, changes are queued instead of raised.</summary>
    public bool Holding { get; set; }

    public ValueTask<StoreWriteResult> WriteAsync(string clusterId, ClusterReport report, CancellationToken cancellationToken) =>
        _inner.WriteAsync(clusterId, report, cancellationToken);

    public ValueTask DeleteAsync(string clusterId, ClusterReport? ifCurrent, CancellationToken cancellationToken) =>
        _inner.DeleteAsync(clusterId, ifCurrent, cancellationToken);

    /// <summary>Raises the held changes in order and stops holding.</summary>
    public void Release()
    {
        Holding = false;
        while (_held.TryDequeue(out var change))
        {
            Changed?.Invoke(change);
        }
    }

    public ValueTask DisposeAsync() => _inner.DisposeAsync();

    private void OnInnerChanged(StoreChange change)
    {
        if (Holding)
        {
            _held.Enqueue(change);
        }
        else
        {
            Changed?.Invoke(change);
        }
    }
}
