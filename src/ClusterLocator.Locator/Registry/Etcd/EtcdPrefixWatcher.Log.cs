using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Registry.Etcd;

internal sealed partial class EtcdPrefixWatcher
{
    private static partial class Log
    {
        [LoggerMessage(400, LogLevel.Information, "Read {Keys} key(s) under {Prefix} from etcd; watching for changes.", EventName = "EtcdLoaded")]
        public static partial void Loaded(ILogger logger, int keys, string prefix);
    }
}
