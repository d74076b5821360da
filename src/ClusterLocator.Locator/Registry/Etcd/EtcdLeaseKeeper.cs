using dotnet_etcd;
using Etcdserverpb;
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
    private readonly ExponentialBackoffPolicyFactory _reopen = new(random, settings.KeepAliveInterval, settings.KeepAliveInterval);

    public async Task RunAsync(CancellationToken stopping)
    {
        var interval = settings.KeepAliveInterval;
        var backoff = _reopen.Create();
        while (!stopping.IsCancellationRequested)
        {
            using var stream = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            Task? reading = null;
            var answered = false;
            try
            {
                await connectivity.WaitHealthyAsync(stopping);
                using var call = client.GetConnection().LeaseClient.LeaseKeepAlive(cancellationToken: stream.Token);
                var lastAnswer = time.GetTimestamp();
                reading = ReadAsync(
                    call,
                    () =>
                    {
                        Volatile.Write(ref lastAnswer, time.GetTimestamp());
                        answered = true;
                    },
                    stream.Token);
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
            catch (Exception ex) when (EtcdFailures.IsUnavailable(ex, stopping))
            {
                connectivity.MarkUnavailable(ex);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            finally
            {
                await stream.CancelAsync();
                if (reading is not null)
                {
                    await reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }

            if (answered)
            {
                backoff = _reopen.Create();
            }

            if (!await backoff.DelayAsync(time, stopping))
            {
                return;
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
