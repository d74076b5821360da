using ClusterLocator.Locator.Sharing;
using ClusterLocator.Protocol.Supervision;

namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>
/// The other locators sharing this etcd registry, found through it with no configuration: each
/// announces its URL under <c>{prefix}locators/</c> (<see cref="EtcdPeerAnnouncement"/>) and watches
/// that prefix (<see cref="EtcdPrefixWatcher"/> into <see cref="EtcdPeerProjection"/>). Both run under
/// the <see cref="TaskSupervisor"/> and wait out etcd outages like the store's own loops, reporting
/// to the same <see cref="EtcdConnectivity"/>; meanwhile the peers last known stay.
/// </summary>
internal sealed class EtcdPeerDirectory(
    EtcdPeerProjection projection,
    EtcdPeerAnnouncement announcement,
    EtcdPrefixWatcher watcher,
    TaskSupervisor supervisor) : IPeerDirectory, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _background = Task.CompletedTask;
    private int _started;

    public IReadOnlyList<Uri> Peers => projection.Peers;

    /// <summary>This locator's id among its peers.</summary>
    public string InstanceId => projection.InstanceId;

    /// <summary>Starts watching for peers, and announcing <paramref name="advertised"/> unless it is null.</summary>
    public void Start(Uri? advertised)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            return;
        }

        projection.Advertised = advertised;
        var stopping = _stopping.Token;
        var watch = supervisor.Start("etcd-peer-watch", watcher.RunAsync, stopping);
        if (advertised is null)
        {
            _background = watch;
            return;
        }

        projection.OwnKeyGone += announcement.AnnounceAgain;
        _background = Task.WhenAll(watch, supervisor.Start("etcd-peer-announce", token => announcement.RunAsync(advertised, token), stopping));
    }

    /// <summary>Stops announcing and watching, then deletes this locator's key so its peers stop sending at once.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _background.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await announcement.WithdrawAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _stopping.Dispose();
    }
}
