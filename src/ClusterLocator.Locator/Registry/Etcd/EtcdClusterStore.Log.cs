using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Registry.Etcd;

internal sealed partial class EtcdClusterStore
{
    private static partial class Log
    {
        [LoggerMessage(20, LogLevel.Information, "Read {Clusters} cluster(s) from etcd; watching for changes.", EventName = "EtcdLoaded")]
        public static partial void Loaded(ILogger logger, int clusters);

        [LoggerMessage(21, LogLevel.Warning, "etcd cannot be reached ({Problem}). Answering from the last known state, marked stale; no cluster expires until etcd is back; reports are kept and written then.", EventName = "EtcdUnavailable")]
        public static partial void Unavailable(ILogger logger, string problem);

        [LoggerMessage(22, LogLevel.Information, "etcd is reachable again after {Seconds:0.0}s; writing the {Clusters} cluster(s) reporting here and catching up with the watch.", EventName = "EtcdRecovered")]
        public static partial void Recovered(ILogger logger, double seconds, int clusters);

        [LoggerMessage(23, LogLevel.Warning, "The deregistration of cluster '{ClusterId}' could not be written to etcd; its key goes when its lease runs out (within {LeaseSeconds:0.#}s).", EventName = "EtcdDeregistrationNotWritten")]
        public static partial void DeregistrationNotWritten(ILogger logger, string clusterId, double leaseSeconds);

        [LoggerMessage(24, LogLevel.Warning, "The etcd key '{Key}' does not hold a valid cluster report; it is ignored.", EventName = "EtcdUnreadableKey")]
        public static partial void UnreadableKey(ILogger logger, string key);
    }
}
