using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using ClusterLocator.Protocol.Supervision;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>
/// Reads a prefix once into its <see cref="IEtcdPrefixView"/>, then watches it from the revision read on a raw watch stream, resuming from
/// the last revision seen after any failure, and reading it all again after a compaction. dotnet-etcd's
/// own watch manager is not used: it reconnects in parallel loops, writes to the console, and notices
/// a frozen etcd only through 30 s HTTP/2 pings. Here a progress request every heartbeat proves etcd
/// is alive, so a hung etcd is noticed within two heartbeats.
/// </summary>
internal sealed partial class EtcdPrefixWatcher(
    EtcdClient client,
    IEtcdPrefixView view,
    EtcdConnectivity connectivity,
    TimeProvider time,
    Random random,
    ILogger<EtcdPrefixWatcher> logger)
{
    private readonly ExponentialBackoffPolicyFactory _reload = new(random, EtcdCall.Heartbeat, EtcdCall.Heartbeat);
    private readonly EtcdStreamLoop _loop = new(connectivity, time, new ExponentialBackoffPolicyFactory(random, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2)));
    private volatile bool _loaded;

    /// <summary>Whether the prefix has been read once since start.</summary>
    public bool IsLoaded => _loaded;

    public async Task RunAsync(CancellationToken stopping)
    {
        if (await LoadFirstAsync(stopping) is not var (revision, keys))
        {
            return;
        }

        _loaded = true;
        Log.Loaded(logger, keys, view.KeyPrefix);
        await WatchAsync(revision + 1, stopping);
    }

    /// <summary>Reads the prefix until etcd answers; returns the revision read at and how many keys, or null when stopped first.</summary>
    private async Task<(long Revision, int Keys)?> LoadFirstAsync(CancellationToken stopping)
    {
        var backoff = _reload.Create();
        while (true)
        {
            try
            {
                var loaded = await LoadAsync(stopping);
                connectivity.MarkContact();
                return loaded;
            }
            catch (Exception ex) when (EtcdFailures.IsEtcdFailure(ex, stopping))
            {
                connectivity.ReadFailed(ex);
            }
            catch (Exception ex) when (EtcdFailures.IsStopping(ex, stopping))
            {
                return null;
            }

            if (!await backoff.DelayAsync(time, stopping))
            {
                return null;
            }
        }
    }

    /// <summary>Reads every key under the prefix into the view; returns the revision read at and how many keys.</summary>
    private async Task<(long Revision, int Keys)> LoadAsync(CancellationToken cancellationToken)
    {
        var range = await client.GetRangeAsync(view.KeyPrefix, deadline: EtcdCall.Deadline(), cancellationToken: cancellationToken);
        view.Loaded(range.Kvs);
        return (range.Header.Revision, range.Kvs.Count);
    }

    private Task WatchAsync(long startRevision, CancellationToken stopping)
    {
        var key = ByteString.CopyFromUtf8(view.KeyPrefix);
        var rangeEnd = ByteString.CopyFromUtf8(EtcdClient.GetRangeEnd(view.KeyPrefix));
        var next = startRevision;
        return _loop.RunAsync(
            async (stream, _) =>
            {
                using var call = client.GetConnection().WatchClient.Watch(cancellationToken: stream.Token);
                await call.RequestStream.WriteAsync(
                    new WatchRequest { CreateRequest = new WatchCreateRequest { Key = key, RangeEnd = rangeEnd, StartRevision = next } },
                    stream.Token);
                var lastHeard = time.GetTimestamp();
                stream.Companion = HeartbeatAsync(call, () => Volatile.Read(ref lastHeard), stream);
                while (await call.ResponseStream.MoveNext(stream.Token))
                {
                    Volatile.Write(ref lastHeard, time.GetTimestamp());
                    stream.MarkAnswered();
                    connectivity.MarkContact();
                    var response = call.ResponseStream.Current;
                    if (response.CompactRevision != 0)
                    {
                        next = (await LoadAsync(stopping)).Revision + 1;
                        return;
                    }

                    if (response.Canceled)
                    {
                        throw new RpcException(new Status(StatusCode.FailedPrecondition, "etcd cancelled the watch: " + response.CancelReason));
                    }

                    if (response.Events.Count > 0)
                    {
                        view.Watched(response.Events);
                        next = response.Events[^1].Kv.ModRevision + 1;
                    }
                    else if (!response.Created && response.Header is { } header && header.Revision >= next)
                    {
                        // A progress answer: nothing was missed up to this revision.
                        next = header.Revision + 1;
                    }
                }
            },
            stopping);
    }

    private async Task HeartbeatAsync(AsyncDuplexStreamingCall<WatchRequest, WatchResponse> call, Func<long> lastHeard, EtcdStream stream)
    {
        while (!stream.Token.IsCancellationRequested)
        {
            await Task.Delay(EtcdCall.Heartbeat, time, stream.Token);
            if (time.GetElapsedTime(lastHeard()) > EtcdCall.Heartbeat * 2)
            {
                // No answer to the last progress request: etcd is hung or the connection is dead.
                connectivity.MarkUnavailable(new TimeoutException($"etcd did not answer the watch's progress request within {(EtcdCall.Heartbeat * 2).TotalSeconds:0.#}s"));
                await stream.CancelAsync();
                return;
            }

            await call.RequestStream.WriteAsync(new WatchRequest { ProgressRequest = new WatchProgressRequest() }, stream.Token);
        }
    }
}
