using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>
/// Whether etcd can be reached, as the lease keeper, the watcher, the writer and the probe find it:
/// each says when etcd answered and when it could not be reached. Logs the two transitions once
/// each, and holds back whoever must wait for etcd. When etcd is reachable again, every cluster
/// reporting here is queued to be written: its lease may have run out meanwhile. Apart from that,
/// whether etcd takes writes: a write it refused or could not store (full) makes the store
/// unhealthy, and new reports refused, until a write succeeds again; reads go on meanwhile.
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
    private volatile string? _writeProblem;

    public bool IsHealthy => _isHealthy;

    public StoreHealth Health
    {
        get
        {
            var writeProblem = _writeProblem;
            return new(_isHealthy && writeProblem is null, Volatile.Read(ref _lastContact), _isHealthy ? writeProblem : _problem);
        }
    }

    /// <summary>Why etcd does not take writes now (refused or full), with what to do; null while it does.</summary>
    public string? WriteProblem => _writeProblem;

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

    /// <summary>etcd could not be reached, or refused a read, with <paramref name="ex"/>.</summary>
    public void MarkUnavailable(Exception ex)
    {
        lock (_gate)
        {
            _problem = EtcdFailures.Describe(ex, records.KeyPrefix);
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

    /// <summary>
    /// A read or a stream failed with <paramref name="ex"/>, one <see cref="EtcdFailures.IsEtcdFailure"/>
    /// accepts: until etcd answers again the store is unhealthy, with the fix when etcd refused.
    /// </summary>
    public void ReadFailed(Exception ex)
    {
        if (EtcdFailures.Classify(ex, CancellationToken.None) is EtcdFailureKind.Refused or EtcdFailureKind.Full)
        {
            var problem = EtcdFailures.Describe(ex, records.KeyPrefix);
            if (!string.Equals(Volatile.Read(ref _problem), problem, StringComparison.Ordinal))
            {
                Log.Refused(logger, problem);
            }
        }

        MarkUnavailable(ex);
    }

    /// <summary>
    /// A write failed with <paramref name="ex"/>, one <see cref="EtcdFailures.IsEtcdFailure"/> accepts.
    /// A refusal or a full etcd holds back new reports until <see cref="MarkWritten"/>.
    /// </summary>
    public void WriteFailed(Exception ex)
    {
        if (EtcdFailures.Classify(ex, CancellationToken.None) is not (EtcdFailureKind.Refused or EtcdFailureKind.Full))
        {
            MarkUnavailable(ex);
            return;
        }

        MarkContact();
        var problem = EtcdFailures.Describe(ex, records.KeyPrefix);
        if (!string.Equals(Interlocked.Exchange(ref _writeProblem, problem), problem, StringComparison.Ordinal))
        {
            Log.WritesRefused(logger, problem);
        }
    }

    /// <summary>A write succeeded: etcd takes writes (again).</summary>
    public void MarkWritten()
    {
        MarkContact();
        if (Interlocked.Exchange(ref _writeProblem, null) is not null)
        {
            Log.WritesAccepted(logger);
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
