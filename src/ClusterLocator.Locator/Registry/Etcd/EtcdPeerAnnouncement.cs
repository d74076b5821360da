using System.Threading.Channels;
using ClusterLocator.Protocol.Supervision;
using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>
/// Keeps this locator's key, <c>{prefix}locators/{id}</c> → <c>{"url":"…"}</c>, in etcd under a lease
/// of its own, which the <see cref="EtcdLeaseKeeper"/> renews with the clusters' leases: a locator that
/// dies is dropped by its peers within a lease. When the key goes anyway (its lease ran out during an
/// outage, or someone deleted it) it is written again under a new lease. On a graceful stop the lease
/// is revoked, which deletes the key at once.
/// </summary>
internal sealed partial class EtcdPeerAnnouncement(
    EtcdClient client,
    EtcdStoreSettings settings,
    EtcdPeerProjection projection,
    EtcdLeaseKeeper keeper,
    EtcdConnectivity connectivity,
    TimeProvider time,
    Random random,
    ILogger<EtcdPeerAnnouncement> logger)
{
    /// <summary>How many times a graceful stop asks etcd to revoke this locator's lease before leaving it to run out.</summary>
    private const int WithdrawAttempts = 3;

    private static readonly TimeSpan WithdrawRetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly ExponentialBackoffPolicyFactory _backoffs = new(random, TimeSpan.FromMilliseconds(100), settings.KeepAliveInterval);
    private readonly Channel<bool> _again = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private long _leaseId;
    private string? _refused;

    /// <summary>The key is gone or its lease ran out: write it again under a new lease.</summary>
    public void AnnounceAgain() => _again.Writer.TryWrite(true);

    /// <summary>Announces <paramref name="url"/> until <paramref name="stopping"/>, again whenever the key goes.</summary>
    public async Task RunAsync(Uri url, CancellationToken stopping)
    {
        var value = EtcdPeerProjection.Encode(url);
        var backoff = _backoffs.Create();
        while (true)
        {
            await connectivity.WaitHealthyAsync(stopping);
            try
            {
                // What was gone is about to be written: a word that came before this write is answered by it.
                while (_again.Reader.TryRead(out _))
                {
                }

                await PutAsync(value, stopping);
                if (Interlocked.Exchange(ref _refused, null) is not null)
                {
                    Log.Announced(logger, url);
                }

                backoff = _backoffs.Create();
                await _again.Reader.ReadAsync(stopping);
                continue;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound && !stopping.IsCancellationRequested)
            {
                // The new lease ran out before the put: etcd is fine, try again with another.
            }
            catch (Exception ex) when (EtcdFailures.IsEtcdFailure(ex, stopping))
            {
                Failed(ex);
            }

            if (!await backoff.DelayAsync(time, stopping))
            {
                return;
            }
        }
    }

    /// <summary>Deletes the key by revoking its lease; when etcd cannot be reached, the key goes when the lease runs out.</summary>
    public async Task WithdrawAsync(CancellationToken cancellationToken)
    {
        var leaseId = Interlocked.Exchange(ref _leaseId, 0);
        if (leaseId == 0)
        {
            return;
        }

        keeper.Release(leaseId);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await client.LeaseRevokeAsync(new LeaseRevokeRequest { ID = leaseId }, deadline: EtcdCall.Deadline(), cancellationToken: cancellationToken);
                return;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
                // The lease ran out already, and the key with it.
                return;
            }
            catch (Exception ex) when (attempt < WithdrawAttempts && EtcdFailures.IsUnavailable(ex, cancellationToken))
            {
                // A call that timed out on a busy machine or a connection being re-made: the peers
                // would keep sending here for a whole lease, so the stop tries again while it may.
                if (!await DelayQuietlyAsync(WithdrawRetryDelay, cancellationToken))
                {
                    return;
                }
            }
            catch (Exception ex) when (EtcdFailures.IsEtcdFailure(ex, cancellationToken) || EtcdFailures.IsStopping(ex, cancellationToken))
            {
                Log.NotWithdrawn(logger, EtcdFailures.Describe(ex, settings.LocatorsPrefix), settings.LeaseTtlSeconds);
                return;
            }
        }
    }

    private async Task<bool> DelayQuietlyAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Writes the key under a new lease. The lease it was under before is no longer renewed: it runs
    /// out, or already has; a new one is simpler than finding out which.
    /// </summary>
    private async Task PutAsync(ByteString value, CancellationToken cancellationToken)
    {
        var lease = await client.LeaseGrantAsync(new LeaseGrantRequest { TTL = settings.LeaseTtlSeconds }, deadline: EtcdCall.Deadline(), cancellationToken: cancellationToken);
        keeper.Hold(lease.ID, AnnounceAgain);
        var previous = Interlocked.Exchange(ref _leaseId, lease.ID);
        if (previous != 0)
        {
            keeper.Release(previous);
        }

        await client.PutAsync(new PutRequest { Key = projection.OwnKey, Value = value, Lease = lease.ID }, deadline: EtcdCall.Deadline(), cancellationToken: cancellationToken);
        connectivity.MarkContact();
    }

    /// <summary>An outage is the connectivity's to report, once; a refusal is reported here, once until the key is written.</summary>
    private void Failed(Exception ex)
    {
        if (EtcdFailures.IsUnavailable(ex, CancellationToken.None))
        {
            connectivity.MarkUnavailable(ex);
            return;
        }

        connectivity.MarkContact();
        var problem = EtcdFailures.Describe(ex, settings.LocatorsPrefix);
        if (!string.Equals(Interlocked.Exchange(ref _refused, problem), problem, StringComparison.Ordinal))
        {
            Log.NotAnnounced(logger, problem);
        }
    }
}
