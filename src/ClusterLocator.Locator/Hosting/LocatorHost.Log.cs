using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Hosting;

public static partial class LocatorHost
{
    private static partial class Log
    {
        [LoggerMessage(100, LogLevel.Information, "Locator listening on {Urls}; policy {Policy}, store {Store}, controller token {Token}, warm-up {WarmUpSeconds}s.", EventName = "LocatorStarted")]
        public static partial void Started(ILogger logger, string urls, string policy, string store, string token, double warmUpSeconds);
    }
}
