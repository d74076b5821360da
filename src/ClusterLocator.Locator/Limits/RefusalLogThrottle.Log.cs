using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Limits;

internal sealed partial class RefusalLogThrottle
{
    private static partial class Log
    {
        [LoggerMessage(651, LogLevel.Warning, "Refused {Count} more writes from {Source} since the last line about it, not logged one by one (the last: {LastReason}).", EventName = "RefusalsSuppressed")]
        public static partial void RefusalsSuppressed(ILogger logger, int count, string source, string lastReason);
    }
}
