using dotnet_etcd;
using Etcdserverpb;
using ClusterLocator.Protocol.Supervision;
using Grpc.Core;

namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>
/// Renews every lease this locator holds on one long-lived keep-alive stream, a third of a lease
/// apart, apart from the document writes: a renewal never waits behind a put, and is one message on
/// the stream where a call each would cost a round trip per lease. A renewal answered with TTL 0
/// means the lease is gone; a stream that stops answering means etcd is hung.
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
            foreach (var lease in records.LeasesToRenew())
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
            }
        }
    }
}
