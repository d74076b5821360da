using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;

namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>
/// Watches a key prefix from a revision on a raw watch stream, resuming from the last revision seen
/// after any failure. dotnet-etcd's own watch manager is not used: it reconnects in parallel loops,
/// writes to the console, and notices a frozen etcd only through 30 s HTTP/2 pings. Here a progress
/// request every heartbeat proves etcd is alive, so a hung etcd is noticed within two heartbeats.
/// </summary>
internal sealed class EtcdPrefixWatcher(
    EtcdClient client,
    string prefix,
    TimeSpan heartbeat,
    TimeProvider time,
    Func<IReadOnlyList<Mvccpb.Event>, ValueTask> onEvents,
    Func<ValueTask<long>> onCompacted,
    Action onAlive,
    Action<Exception> onFailure)
{
    public async Task RunAsync(long startRevision, CancellationToken cancellationToken)
    {
        var key = ByteString.CopyFromUtf8(prefix);
        var rangeEnd = EtcdClient.GetRangeEnd(prefix);
        var next = startRevision;
        var backoff = TimeSpan.FromMilliseconds(100);
        while (!cancellationToken.IsCancellationRequested)
        {
            using var stream = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task? beat = null;
            try
            {
                using var call = client.GetConnection().WatchClient.Watch(cancellationToken: stream.Token);
                await call.RequestStream.WriteAsync(
                    new WatchRequest { CreateRequest = new WatchCreateRequest { Key = key, RangeEnd = ByteString.CopyFromUtf8(rangeEnd), StartRevision = next } },
                    stream.Token);
                var lastHeard = time.GetTimestamp();
                beat = HeartbeatAsync(call, () => Volatile.Read(ref lastHeard), stream);
                while (await call.ResponseStream.MoveNext(stream.Token))
                {
                    Volatile.Write(ref lastHeard, time.GetTimestamp());
                    backoff = TimeSpan.FromMilliseconds(100);
                    onAlive();
                    var response = call.ResponseStream.Current;
                    if (response.CompactRevision != 0)
                    {
                        next = await onCompacted();
                        break;
                    }

                    if (response.Canceled)
                    {
                        throw new RpcException(new Status(StatusCode.FailedPrecondition, "etcd cancelled the watch: " + response.CancelReason));
                    }

                    if (response.Events.Count > 0)
                    {
                        await onEvents(response.Events);
                        next = response.Events[^1].Kv.ModRevision + 1;
                    }
                    else if (!response.Created && response.Header is { } header && header.Revision >= next)
                    {
                        // A progress answer: nothing was missed up to this revision.
                        next = header.Revision + 1;
                    }
                }
            }
            catch (Exception ex) when (ex is RpcException or OperationCanceledException or IOException or HttpRequestException)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                onFailure(ex);
            }
            finally
            {
                await stream.CancelAsync();
                if (beat is not null)
                {
                    try
                    {
                        await beat;
                    }
                    catch (Exception ex) when (ex is RpcException or OperationCanceledException or IOException or InvalidOperationException)
                    {
                        // The stream is gone; the read loop has already reported why.
                    }
                }
            }

            try
            {
                await Task.Delay(backoff, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 2000));
        }
    }

    private async Task HeartbeatAsync(AsyncDuplexStreamingCall<WatchRequest, WatchResponse> call, Func<long> lastHeard, CancellationTokenSource stream)
    {
        while (!stream.IsCancellationRequested)
        {
            await Task.Delay(heartbeat, time, stream.Token);
            if (time.GetElapsedTime(lastHeard()) > heartbeat * 2)
            {
                // No answer to the last progress request: etcd is hung or the connection is dead.
                onFailure(new TimeoutException($"etcd did not answer the watch's progress request within {(heartbeat * 2).TotalSeconds:0.#}s"));
                await stream.CancelAsync();
                return;
            }

            await call.RequestStream.WriteAsync(new WatchRequest { ProgressRequest = new WatchProgressRequest() }, stream.Token);
        }
    }
}
