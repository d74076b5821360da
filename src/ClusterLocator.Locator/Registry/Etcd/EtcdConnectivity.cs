using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>
/// Whether etcd can be reached, as the lease keeper, the watcher, the writer and the probe find it:
/// each says when etcd answered and when it could not be reached. Logs the two transitions once
/// each, and holds back whoever must wait for etcd. When etcd is reachable again, every cluster
/// reporting here is queued to be written: its lease may have run out meanwhile.
/// </summary>
internal sealed partial class EtcdConnectivity(EtcdClusterRecords records, TimeProvider time, ILogger<EtcdConnectivity> logger)
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _healthy = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _isHealthy;
    private long _lastContact;
    private long _unhealthySince;
    private long _recoveredAt;
    private string? _problem = "connecting";

    public bool IsHealthy => _isHealthy;

    public StoreHealth Health => new(_isHealthy, Volatile.Read(ref _lastContact), _isHealthy ? null : _problem);

    /// <summary>How long since etcd last answered anyone.</summary>
    public TimeSpan SinceContact => time.GetElapsedTime(Volatile.Read(ref _lastContact));

    /// <summary>How long since etcd was reachable again after an outage; very long when there was none.</summary>
    public TimeSpan SinceRecovered => time.GetElapsedTime(Volatile.Read(ref _recoveredAt));

    /// <summary>etcd answered.</summary>
    public void MarkContact()
    {
        Volatile.Write(ref _lastContact, time.GetTimestamp());
        if (_isHealthy)
        {
            return;
        }

        lock (_gate)
        {
            if (_isHealthy)
            {
                return;
            }

            _isHealthy = true;
            if (_unhealthySince != 0)
            {
                Volatile.Write(ref _recoveredAt, time.GetTimestamp());
                Log.Recovered(logger, time.GetElapsedTime(_unhealthySince).TotalSeconds, records.Count);
            }

            _healthy.TrySetResult();
        }

        records.QueueAll();
    }

    /// <summary>An etcd call failed with <paramref name="ex"/>, one <see cref="EtcdFailures.IsUnavailable"/> accepts.</summary>
    public void MarkUnavailable(Exception ex)
    {
        lock (_gate)
        {
            _problem = EtcdFailures.Describe(ex);
            if (!_isHealthy && _unhealthySince != 0)
            {
                return;
            }

            _isHealthy = false;
            _unhealthySince = time.GetTimestamp();
            _healthy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Log.Unavailable(logger, _problem);
        }
    }

    /// <summary>Completes when etcd is reachable.</summary>
    public Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        if (_isHealthy)
        {
            return Task.CompletedTask;
        }

        lock (_gate)
        {
            return _isHealthy ? Task.CompletedTask : _healthy.Task.WaitAsync(cancellationToken);
        }
    }
}
