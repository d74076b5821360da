using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Registry.Etcd;

internal sealed partial class EtcdConnectivity
{
    private static partial class Log
    {
        [LoggerMessage(401, LogLevel.Warning, "etcd cannot be reached ({Problem}). Answering from the last known state, marked stale; no cluster expires until etcd is back; reports are kept and written then.", EventName = "EtcdUnavailable")]
        public static partial void Unavailable(ILogger logger, string problem);

        [LoggerMessage(402, LogLevel.Information, "etcd is reachable again after {Seconds:0.0}s; writing the {Clusters} cluster(s) reporting here and catching up with the watch.", EventName = "EtcdRecovered")]
        public static partial void Recovered(ILogger logger, double seconds, int clusters);

        [LoggerMessage(405, LogLevel.Error, "etcd refused the locator: {Problem}", EventName = "EtcdRefused")]
        public static partial void Refused(ILogger logger, string problem);

        [LoggerMessage(406, LogLevel.Error, "etcd does not take writes: {Problem} Reports are refused with 503 until a write succeeds.", EventName = "EtcdWritesRefused")]
        public static partial void WritesRefused(ILogger logger, string problem);

        [LoggerMessage(407, LogLevel.Information, "etcd takes writes again; reports are accepted.", EventName = "EtcdWritesAccepted")]
        public static partial void WritesAccepted(ILogger logger);
    }
}
