using Grpc.Core;

namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>The one reading of a failed etcd call (<see cref="Classify"/>), and how to say what failed and what to do.</summary>
internal static class EtcdFailures
{
    /// <summary>What etcd says when its database reached its quota (<c>--quota-backend-bytes</c>).</summary>
    private const string SpaceExceeded = "database space exceeded";

    /// <summary>
    /// What <paramref name="ex"/>, thrown by an etcd call, means. Once <paramref name="stopping"/> is
    /// cancelled, any cancellation is <see cref="EtcdFailureKind.Stopping"/> and anything else that
    /// would mean "unavailable" is too: a call cut short because the store stops says nothing about etcd.
    /// </summary>
    /// <remarks>
    /// Cancellation is on the store's channel an <see cref="RpcException"/> (status Cancelled); an
    /// <see cref="OperationCanceledException"/> not from <paramref name="stopping"/> is a stream the
    /// store cut because etcd stopped answering. <see cref="TimeoutException"/> is what the store
    /// throws itself when a stream goes silent. A refused TLS handshake arrives as status Internal.
    /// </remarks>
    public static EtcdFailureKind Classify(Exception ex, CancellationToken stopping)
    {
        if (ex is RpcException rpc && !stopping.IsCancellationRequested)
        {
            return rpc.StatusCode switch
            {
                StatusCode.ResourceExhausted => EtcdFailureKind.Full,
                _ when rpc.Status.Detail.Contains(SpaceExceeded, StringComparison.Ordinal) => EtcdFailureKind.Full,
                StatusCode.PermissionDenied or StatusCode.Unauthenticated or StatusCode.InvalidArgument or StatusCode.FailedPrecondition => EtcdFailureKind.Refused,
                _ => EtcdFailureKind.Unavailable,
            };
        }

        if (ex is RpcException or IOException or HttpRequestException or TimeoutException or OperationCanceledException)
        {
            return !stopping.IsCancellationRequested ? EtcdFailureKind.Unavailable
                : ex is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled } ? EtcdFailureKind.Stopping
                : EtcdFailureKind.Unexpected;
        }

        return EtcdFailureKind.Unexpected;
    }

    /// <summary>True when <paramref name="ex"/> is a failure of etcd the store reacts to: unavailable, refused or full.</summary>
    public static bool IsEtcdFailure(Exception ex, CancellationToken stopping) =>
        Classify(ex, stopping) is EtcdFailureKind.Unavailable or EtcdFailureKind.Refused or EtcdFailureKind.Full;

    /// <summary>True when <paramref name="ex"/> says etcd cannot be reached now (<see cref="EtcdFailureKind.Unavailable"/>).</summary>
    public static bool IsUnavailable(Exception ex, CancellationToken stopping) => Classify(ex, stopping) == EtcdFailureKind.Unavailable;

    /// <summary>True when <paramref name="ex"/> is a call cut short because <paramref name="stopping"/> was cancelled.</summary>
    public static bool IsStopping(Exception ex, CancellationToken stopping) => Classify(ex, stopping) == EtcdFailureKind.Stopping;

    /// <summary>The problem to show in the store's health: what failed, why, and for a refusal or a full etcd, what to do.</summary>
    public static string Describe(Exception ex, string prefix)
    {
        if (ex is RpcException rpc && Classify(ex, CancellationToken.None) is var kind and (EtcdFailureKind.Full or EtcdFailureKind.Refused))
        {
            var detail = rpc.Status.Detail;
            return kind == EtcdFailureKind.Full
                ? $"etcd is out of space ({detail}): it refuses writes, so reports are refused while placements are answered from what is known. Compact and defragment etcd, then disarm the alarm (etcdctl compact REVISION; etcdctl defrag; etcdctl alarm disarm), or raise its --quota-backend-bytes."
                : rpc.StatusCode switch
                {
                    StatusCode.PermissionDenied => $"etcd refused the request ({detail}): the etcd user lacks read or write access to the prefix '{prefix}'. Grant its role readwrite on that prefix (etcdctl role grant-permission ROLE --prefix=true readwrite '{prefix}').",
                    StatusCode.Unauthenticated => $"etcd did not accept the locator's credentials ({detail}): check the user, password or client certificate the locator presents to etcd.",
                    _ => $"etcd refused the request as invalid ({rpc.StatusCode}: {detail}): check that etcd is version 3.5 or later and that the prefix '{prefix}' is one the locator may use.",
                };
        }

        return Describe(ex);
    }

    /// <summary>The problem to show in the store's health when etcd cannot be reached: what failed, and why.</summary>
    public static string Describe(Exception ex)
    {
        // gRPC flattens a refused TLS handshake into one line ("Internal: Error starting gRPC call.
        // HttpRequestException: The SSL connection could not be established, see inner exception.
        // AuthenticationException: The remote certificate is invalid …"): keep only the reason.
        const string Refusal = "AuthenticationException: ";
        if (ex is RpcException { Status.Detail: var detail } && detail.LastIndexOf(Refusal, StringComparison.Ordinal) is var at and >= 0)
        {
            return $"the TLS handshake with etcd failed: {detail[(at + Refusal.Length)..]}";
        }

        return ex switch
        {
            RpcException { StatusCode: StatusCode.DeadlineExceeded } => $"no answer within {EtcdCall.Timeout.TotalSeconds:0}s",
            RpcException rpc => $"{rpc.StatusCode}: {rpc.Status.Detail}",
            TimeoutException timeout => timeout.Message,
            _ => ex.Message,
        };
    }
}
