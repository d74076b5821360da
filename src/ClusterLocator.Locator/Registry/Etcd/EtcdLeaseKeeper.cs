using System.Collections.Concurrent;
using dotnet_etcd;
using Etcdserverpb;
using ClusterLocator.Protocol.Supervision;
using Grpc.Core;

namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>
/// Renews every lease this locator holds on one long-lived keep-alive stream, a third of a lease
/// apart, apart from the document writes: a renewal never waits behind a put, and is one message on
/// the stream where a call each would cost a round trip per lease. A renewal answered with TTL 0
/// means the lease is gone; a stream that stops answering means etcd is hung. Besides the clusters'
/// leases it renews those held with <see cref="Hold"/> (the locator's own announcement).
/// </summary>
internal sealed class EtcdLeaseKeeper(
    EtcdClient client,
    EtcdStoreSettings settings,
    EtcdClusterRecords records,
    EtcdConnectivity connectivity,
    TimeProvider time,
    Random random)
{
    // After a failure the stream is opened again a renewal interval later at most: the leases it
    // renews have two more intervals to run.
    private readonly EtcdStreamLoop _loop = new(connectivity, time, new ExponentialBackoffPolicyFactory(random, settings.KeepAliveInterval, settings.KeepAliveInterval));

    /// <summary>The leases held besides the clusters', each with what to do when etcd says it is gone.</summary>
    private readonly ConcurrentDictionary<long, Action> _held = new();

    /// <summary>Renews <paramref name="leaseId"/> until <see cref="Release"/>; <paramref name="lost"/> runs if etcd says it ran out.</summary>
    public void Hold(long leaseId, Action lost) => _held[leaseId] = lost;

    /// <summary>Stops renewing <paramref name="leaseId"/>: it runs out unless revoked first.</summary>
    public void Release(long leaseId) => _held.TryRemove(leaseId, out _);

    public Task RunAsync(CancellationToken stopping) => _loop.RunAsync(RenewAsync, stopping);

    private async Task RenewAsync(EtcdStream stream, CancellationToken stopping)
    {
        var interval = settings.KeepAliveInterval;
        await connectivity.WaitHealthyAsync(stopping);
        using var call = client.GetConnection().LeaseClient.LeaseKeepAlive(cancellationToken: stream.Token);
        var lastAnswer = time.GetTimestamp();
        var reading = ReadAsync(
            call,
            () =>
            {
                Volatile.Write(ref lastAnswer, time.GetTimestamp());
                stream.MarkAnswered();
            },
            stream.Token);
        stream.Companion = reading;
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stream.Token))
        {
            if (reading.IsCompleted)
            {
                await reading;
                throw new RpcException(new Status(StatusCode.Unavailable, "etcd closed the lease keep-alive stream"));
            }

            var sent = 0;
            foreach (var lease in records.LeasesToRenew().Concat(_held.Keys))
            {
                await call.RequestStream.WriteAsync(new LeaseKeepAliveRequest { ID = lease }, stream.Token);
                sent++;
            }

            if (sent > 0 && time.GetElapsedTime(Volatile.Read(ref lastAnswer)) > EtcdCall.Timeout + interval)
            {
                throw new TimeoutException($"etcd did not answer lease renewals for {EtcdCall.Timeout.TotalSeconds + interval.TotalSeconds:0.#}s");
            }
        }
    }

    private async Task ReadAsync(AsyncDuplexStreamingCall<LeaseKeepAliveRequest, LeaseKeepAliveResponse> call, Action answered, CancellationToken cancellationToken)
    {
        while (await call.ResponseStream.MoveNext(cancellationToken))
        {
            answered();
            connectivity.MarkContact();
            var response = call.ResponseStream.Current;
            if (response.TTL <= 0)
            {
                records.LeaseLost(response.ID);
                if (_held.TryRemove(response.ID, out var lost))
                {
                    lost();
                }
            }
        }
    }
}
