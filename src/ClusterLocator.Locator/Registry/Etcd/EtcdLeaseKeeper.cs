using dotnet_etcd;
using Etcdserverpb;
using Grpc.Core;

namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>
/// Renews every lease this locator holds on one long-lived keep-alive stream, a third of a lease
/// apart, apart from the document writes: a renewal never waits behind a put, and one stream carries
/// thousands of renewals a second where a call each would not. A renewal answered with TTL 0 means
/// the lease is gone; a stream that stops answering means etcd is hung.
/// </summary>
internal sealed class EtcdLeaseKeeper(
    EtcdClient client,
    TimeSpan interval,
    TimeProvider time,
    Func<IEnumerable<long>> leasesToRenew,
    Action<long> onLost,
    Action onAlive,
    Action<Exception> onFailure,
    Func<CancellationToken, Task> waitHealthy)
{
    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            using var stream = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            Task? reading = null;
            try
            {
                await waitHealthy(stopping);
                using var call = client.GetConnection().LeaseClient.LeaseKeepAlive(cancellationToken: stream.Token);
                var lastAnswer = time.GetTimestamp();
                reading = ReadAsync(call, () => Volatile.Write(ref lastAnswer, time.GetTimestamp()), stream.Token);
                using var timer = new PeriodicTimer(interval, time);
                while (await timer.WaitForNextTickAsync(stream.Token))
                {
                    if (reading.IsCompleted)
                    {
                        await reading;
                        throw new RpcException(new Status(StatusCode.Unavailable, "etcd closed the lease keep-alive stream"));
                    }

                    var sent = 0;
                    foreach (var lease in leasesToRenew())
                    {
                        await call.RequestStream.WriteAsync(new LeaseKeepAliveRequest { ID = lease }, stream.Token);
                        sent++;
                    }

                    if (sent > 0 && time.GetElapsedTime(Volatile.Read(ref lastAnswer)) > EtcdClusterStore.CallTimeout + interval)
                    {
                        throw new TimeoutException($"etcd did not answer lease renewals for {EtcdClusterStore.CallTimeout.TotalSeconds + interval.TotalSeconds:0.#}s");
                    }
                }
            }
            catch (Exception ex) when (ex is RpcException or IOException or TimeoutException or HttpRequestException
                || (ex is OperationCanceledException && !stopping.IsCancellationRequested))
            {
                onFailure(ex);
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

            try
            {
                await Task.Delay(interval, time, stopping);
            }
            catch (OperationCanceledException)
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
            onAlive();
            var response = call.ResponseStream.Current;
            if (response.TTL <= 0)
            {
                onLost(response.ID);
            }
        }
    }
}
