using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Registry.Etcd;

internal sealed partial class EtcdDocumentWriter
{
    private static partial class Log
    {
        [LoggerMessage(403, LogLevel.Warning, "The deregistration of cluster '{ClusterId}' could not be written to etcd ({Problem}); its key goes when its lease runs out (within {LeaseSeconds:0.#}s).", EventName = "EtcdDeregistrationNotWritten")]
        public static partial void DeregistrationNotWritten(ILogger logger, string clusterId, string problem, double leaseSeconds);
    }
}
