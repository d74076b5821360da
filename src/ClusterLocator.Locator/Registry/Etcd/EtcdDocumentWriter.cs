using System.Text.Json;
using ClusterLocator.Locator.Health;
using ClusterLocator.Protocol;
using ClusterLocator.Protocol.Supervision;
using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>
/// Writes the documents of the clusters reporting here, as they are queued, under a lease per cluster.
/// Writes are bounded: a document is rewritten only when its health moves by more than
/// <see cref="HealthThreshold"/>, its state, zone or endpoints change, or <see cref="MaxWriteInterval"/>
/// has passed. A cluster reporting to several locators is written under the lease its key already
/// has, when there is one, so the key never rests on one locator's lease alone. While etcd cannot be
/// reached, writes wait for it; a write etcd refused, or could not store because it is full, is tried
/// again after a backoff (a second, up to half a minute), never at once.
/// </summary>
internal sealed partial class EtcdDocumentWriter(
    EtcdClient client,
    EtcdStoreSettings settings,
    EtcdClusterRecords records,
    EtcdConnectivity connectivity,
    TimeProvider time,
    Random random,
    ILogger<EtcdDocumentWriter> logger)
{
    private readonly ExponentialBackoffPolicyFactory _refusals = new(random, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    /// <summary>A health change smaller than this is not worth a write: the reporting locator counts placements anyway.</summary>
    public const double HealthThreshold = 0.05;

    /// <summary>The longest a document goes unwritten while its cluster reports.</summary>
    public static readonly TimeSpan MaxWriteInterval = TimeSpan.FromSeconds(5);

    /// <summary>Write loops to run at once: etcd commits concurrent puts together, one disk sync for many.</summary>
    public const int Writers = 32;

    /// <summary>
    /// Removes the cluster's key. An empty value first tells the other locators the cluster left,
    /// rather than expired. When etcd cannot be reached, the key goes when its lease runs out.
    /// </summary>
    public async ValueTask DeregisterAsync(string clusterId, EtcdClusterRecord? record, CancellationToken cancellationToken)
    {
        try
        {
            var leaseId = record?.LeaseId ?? 0;
            if (await MarkLeftAsync(clusterId, leaseId, cancellationToken))
            {
                await client.DeleteAsync(settings.KeyPrefix + clusterId, deadline: EtcdCall.Deadline(), cancellationToken: cancellationToken);
            }

            if (leaseId != 0)
            {
                await client.LeaseRevokeAsync(new LeaseRevokeRequest { ID = leaseId }, deadline: EtcdCall.Deadline(), cancellationToken: cancellationToken);
            }

            connectivity.MarkWritten();
        }
        catch (Exception ex) when (EtcdFailures.IsEtcdFailure(ex, cancellationToken))
        {
            // Nobody renews the lease any more. A refusal here holds no report back: nothing would
            // try this write again and clear it.
            if (EtcdFailures.IsUnavailable(ex, cancellationToken))
            {
                connectivity.MarkUnavailable(ex);
            }

            Log.DeregistrationNotWritten(logger, clusterId, EtcdFailures.Describe(ex, settings.KeyPrefix), settings.Lease.TotalSeconds);
        }
        catch (Exception ex) when (EtcdFailures.IsStopping(ex, cancellationToken))
        {
            // The caller went away (or the locator stops) mid-way; that says nothing about etcd.
            Log.DeregistrationNotWritten(logger, clusterId, "the request ended first", settings.Lease.TotalSeconds);
        }
    }

    /// <summary>
    /// Puts the deregistration marker on the key if it exists, in one transaction: a key that is
    /// already gone (never written, or its lease ran out) is not written again. True when it existed.
    /// </summary>
    private async Task<bool> MarkLeftAsync(string clusterId, long leaseId, CancellationToken cancellationToken)
    {
        var key = settings.KeyOf(clusterId);
        var txn = new TxnRequest();
        txn.Compare.Add(new Compare { Key = key, Target = Compare.Types.CompareTarget.Version, Result = Compare.Types.CompareResult.Greater, Version = 0 });
        txn.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = key, Value = ByteString.Empty, Lease = leaseId } });
        var response = await client.TransactionAsync(txn, deadline: EtcdCall.Deadline(), cancellationToken: cancellationToken);
        return response.Succeeded;
    }

    /// <summary>Writes what is queued until <paramref name="stopping"/> or the queue completes; one of <see cref="Writers"/>, each run by the task supervisor.</summary>
    public async Task WriteLoopAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var record in records.Pending.ReadAllAsync(stopping))
            {
                record.Dequeued();
                IBackoffPolicy? refused = null;
                while (!stopping.IsCancellationRequested)
                {
                    await connectivity.WaitHealthyAsync(stopping);
                    try
                    {
                        await WriteOnceAsync(record, stopping);
                        connectivity.MarkWritten();
                        break;
                    }
                    catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
                    {
                        // The lease ran out before the put (a shared lease whose other keepers all
                        // stopped, or an outage): etcd is fine, the write needs a lease of its own.
                        records.ForgetLease(record.LeaseId);
                    }
                    catch (Exception ex) when (EtcdFailures.IsEtcdFailure(ex, stopping))
                    {
                        connectivity.WriteFailed(ex);
                        if (EtcdFailures.Classify(ex, stopping) != EtcdFailureKind.Unavailable)
                        {
                            // Refused or full: the same write at once would be refused the same way.
                            refused ??= _refusals.Create();
                            if (!await refused.DelayAsync(time, stopping))
                            {
                                return;
                            }
                        }
                    }
                }
            }
        }
        catch (Exception ex) when (EtcdFailures.IsStopping(ex, stopping))
        {
        }
    }

    /// <summary>
    /// Grants the cluster a lease when it has none, and rewrites its document when it has moved enough.
    /// One writer at a time per cluster: a report arriving during a write queues the record again,
    /// and two writers granting at once would leave the key on a lease nobody renews.
    /// </summary>
    private async Task WriteOnceAsync(EtcdClusterRecord record, CancellationToken cancellationToken)
    {
        await record.Writing.WaitAsync(cancellationToken);
        try
        {
            await WriteLockedAsync(record, cancellationToken);
        }
        finally
        {
            record.Writing.Release();
        }
    }

    private async Task WriteLockedAsync(EtcdClusterRecord record, CancellationToken cancellationToken)
    {
        if (!records.Contains(record.ClusterId))
        {
            return;
        }

        var latest = record.Latest;
        var now = time.GetTimestamp();
        if (record.LeaseId == 0)
        {
            // Another locator that this cluster reports to holds the key: keep its lease alive too,
            // rather than take the key onto a lease of this locator's only.
            var shared = records.SharedLease(record.ClusterId);
            if (shared != 0)
            {
                record.LeaseId = shared;
            }
            else
            {
                var lease = await client.LeaseGrantAsync(new LeaseGrantRequest { TTL = settings.LeaseTtlSeconds }, deadline: EtcdCall.Deadline(), cancellationToken: cancellationToken);
                record.LeaseId = lease.ID;
            }

            record.Written = null;
        }

        var health = HealthModel.Of(latest);
        if (NeedsWrite(record, latest, health, now))
        {
            var value = JsonSerializer.SerializeToUtf8Bytes(latest, ProtocolJsonContext.Default.ClusterReport);
            await client.PutAsync(
                new PutRequest { Key = settings.KeyOf(record.ClusterId), Value = ByteString.CopyFrom(value), Lease = record.LeaseId },
                deadline: EtcdCall.Deadline(),
                cancellationToken: cancellationToken);
            record.Written = latest;
            record.WrittenHealth = health;
            record.WrittenAt = now;
        }
    }

    private bool NeedsWrite(EtcdClusterRecord record, ClusterReport latest, double health, long now) =>
        record.Written is not { } written
        || written.Incarnation != latest.Incarnation
        || written.State != latest.State
        || written.Zone != latest.Zone
        || !written.Endpoints!.SequenceEqual(latest.Endpoints!)
        || Math.Abs(health - record.WrittenHealth) > HealthThreshold
        || time.GetElapsedTime(record.WrittenAt, now) >= MaxWriteInterval;
}
