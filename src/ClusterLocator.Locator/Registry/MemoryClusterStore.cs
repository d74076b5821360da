using ClusterLocator.Protocol;

namespace ClusterLocator.Locator.Registry;

/// <summary>The default store: state in this process, for a single locator.</summary>
internal sealed class MemoryClusterStore : IClusterStore
{
    private readonly Dictionary<string, ClusterReport> _reports = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public string Kind => "memory";

    public bool KeepsLeases => false;

    public bool IsLoaded => true;

    public StoreHealth Health => new(true, 0, null);

    public event Action<StoreChange>? Changed;

    public ValueTask<StoreWriteResult> WriteAsync(string clusterId, ClusterReport report, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_reports.TryGetValue(clusterId, out var current)
                && current.Incarnation == report.Incarnation
                && current.Seq > report.Seq)
            {
                return ValueTask.FromResult(StoreWriteResult.OutOfOrder(current.Seq!.Value));
            }

            _reports[clusterId] = report;

            // Raised under the lock so that subscribers see changes in the order they were stored.
            Changed?.Invoke(new StoreChange(clusterId, report));
        }

        return ValueTask.FromResult(StoreWriteResult.Accepted());
    }

    public ValueTask DeleteAsync(string clusterId, ClusterReport? ifCurrent, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_reports.TryGetValue(clusterId, out var current)
                && (ifCurrent is null || ReferenceEquals(current, ifCurrent)))
            {
                _reports.Remove(clusterId);
                Changed?.Invoke(new StoreChange(clusterId, null));
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
