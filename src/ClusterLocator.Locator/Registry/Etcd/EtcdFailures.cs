using Grpc.Core;

namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>Which failures of an etcd call mean etcd cannot be reached, and how to say why.</summary>
internal static class EtcdFailures
{
    /// <summary>
    /// True when <paramref name="ex"/> says etcd cannot be reached now (refused, reset, hung, timed
    /// out, TLS refused); false once <paramref name="stopping"/> is cancelled, since a call cut short
    /// because the store stops (or its caller went away) says nothing about etcd.
    /// </summary>
    /// <remarks>
    /// Cancellation is on the store's channel an <see cref="RpcException"/> (status Cancelled); an
    /// <see cref="OperationCanceledException"/> not from <paramref name="stopping"/> is a stream the
    /// store cut because etcd stopped answering. <see cref="TimeoutException"/> is what the store
    /// throws itself when a stream goes silent.
    /// </remarks>
    public static bool IsUnavailable(Exception ex, CancellationToken stopping) =>
        !stopping.IsCancellationRequested
        && ex is RpcException or IOException or HttpRequestException or TimeoutException or OperationCanceledException;

    /// <summary>
    /// True when <paramref name="ex"/> is a call cut short because <paramref name="stopping"/> was
    /// cancelled: on the store's channel that is an <see cref="RpcException"/> with status Cancelled,
    /// elsewhere an <see cref="OperationCanceledException"/>.
    /// </summary>
    public static bool IsStopping(Exception ex, CancellationToken stopping) =>
        stopping.IsCancellationRequested
        && ex is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled };

    /// <summary>The problem to show in the store's health: what failed, and why.</summary>
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
