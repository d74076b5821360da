using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;

namespace ClusterLocator.Locator.Tests.Registry;

/// <summary>A memory store whose writes wait until <see cref="Open"/>, so that several are in flight at once.</summary>
internal sealed class GatedClusterStore : IClusterStore
{
    private readonly MemoryClusterStore _inner = new();
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _waiting;

    public GatedClusterStore() => _inner.Changed += change => Changed?.Invoke(change);

    public event Action<StoreChange>? Changed;

    public string Kind => "gated";

    public bool KeepsLeases => false;

    public bool IsLoaded => true;

    public StoreHealth Health => _inner.Health;

    /// <summary>How many writes wait at the gate.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public async ValueTask<StoreWriteResult> WriteAsync(string clusterId, ClusterReport report, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        await _gate.Task.WaitAsync(cancellationToken);
        return await _inner.WriteAsync(clusterId, report, cancellationToken);
    }

    public ValueTask DeleteAsync(string clusterId, ClusterReport? ifCurrent, CancellationToken cancellationToken) =>
        _inner.DeleteAsync(clusterId, ifCurrent, cancellationToken);

    /// <summary>Lets every waiting and later write through.</summary>
    public void Open() => _gate.TrySetResult();

    public ValueTask DisposeAsync() => _inner.DisposeAsync();
}
