using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Registry.Etcd;

internal sealed partial class EtcdPrefixWatcher
{
    private static partial class Log
    {
        [LoggerMessage(400, LogLevel.Information, "Read {Clusters} cluster(s) from etcd; watching for changes.", EventName = "EtcdLoaded")]
        public static partial void Loaded(ILogger logger, int clusters);
    }
}
