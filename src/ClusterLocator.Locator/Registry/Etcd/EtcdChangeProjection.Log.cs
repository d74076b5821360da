using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Registry.Etcd;

internal sealed partial class EtcdChangeProjection
{
    private static partial class Log
    {
        [LoggerMessage(404, LogLevel.Warning, "The etcd key '{Key}' does not hold a valid cluster report; it is ignored.", EventName = "EtcdUnreadableKey")]
        public static partial void UnreadableKey(ILogger logger, string key);
    }
}
