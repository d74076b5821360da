using dotnet_etcd;

namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>Makes the etcd client, tuned so an unreachable etcd is noticed in seconds, not minutes.</summary>
internal static class EtcdClients
{
    /// <summary>A client for <paramref name="endpoints"/>; over TLS when <paramref name="tls"/> is given.</summary>
    public static EtcdClient Create(string endpoints, EtcdTls? tls)
    {
        if (tls is not null)
        {
            // The scheme alone does not turn TLS on in dotnet-etcd: only this constructor does.
            // Without a CA file (LocatorOptions.StoreCa) the server certificate is checked against the machine's trust store.
            return new EtcdClient(endpoints, tls.Configure, configureChannelOptions: options =>
            {
                Tune(options);
                options.HttpHandler = tls.Wrap(options.HttpHandler!);
            });
        }

        return new EtcdClient(endpoints, configureChannelOptions: Tune);
    }

    private static void Tune(Grpc.Net.Client.GrpcChannelOptions options)
    {
        // A deadline or cancellation surfaces as RpcException, one kind of failure to handle.
        options.ThrowOperationCanceledOnCancellation = false;
        options.InitialReconnectBackoff = TimeSpan.FromMilliseconds(200);
        options.MaxReconnectBackoff = TimeSpan.FromSeconds(1);
        if (options.HttpHandler is SocketsHttpHandler handler)
        {
            // Above etcd's --grpc-keepalive-min-time (5 s), or etcd closes the connection.
            handler.KeepAlivePingDelay = TimeSpan.FromSeconds(6);
            handler.KeepAlivePingTimeout = TimeSpan.FromSeconds(2);
            handler.ConnectTimeout = TimeSpan.FromSeconds(2);
        }
    }
}
