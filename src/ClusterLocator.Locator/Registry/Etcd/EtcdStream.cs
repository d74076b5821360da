namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>
/// One opening of a long-lived etcd stream (the lease keep-alive, the watch), handed to the code that
/// drives it by <see cref="EtcdStreamLoop"/>, which ends it and what runs beside it.
/// </summary>
internal sealed class EtcdStream : IDisposable
{
    private readonly CancellationTokenSource _cancellation;
    private volatile bool _answered;

    public EtcdStream(CancellationToken stopping) => _cancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping);

    /// <summary>Cancelled when the stream ends, by a failure, by the loop or because the store stops.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>Whether etcd answered on this stream: then it worked, and the next failure starts a fresh backoff.</summary>
    public bool Answered => _answered;

    /// <summary>A task run beside the stream (its reader, its heartbeat), awaited when the stream ends.</summary>
    public Task? Companion { get; set; }

    public void MarkAnswered() => _answered = true;

    /// <summary>Ends the stream.</summary>
    public Task CancelAsync() => _cancellation.CancelAsync();

    public void Dispose() => _cancellation.Dispose();
}
