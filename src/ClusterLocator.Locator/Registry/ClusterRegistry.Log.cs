using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Registry;

internal sealed partial class ClusterRegistry
{
    private static partial class Log
    {
        [LoggerMessage(201, LogLevel.Information, "Cluster '{ClusterId}' of service '{Service}' registered (incarnation {Incarnation}).", EventName = "ClusterRegistered")]
        public static partial void ClusterRegistered(ILogger logger, string clusterId, string service, string incarnation);

        [LoggerMessage(202, LogLevel.Information, "Cluster '{ClusterId}' of service '{Service}' deregistered.", EventName = "ClusterRemoved")]
        public static partial void ClusterRemoved(ILogger logger, string clusterId, string service);

        [LoggerMessage(203, LogLevel.Information, "Cluster '{ClusterId}' of service '{Service}' is forgotten: its lease expired and it did not report again.", EventName = "ClusterForgotten")]
        public static partial void ClusterForgotten(ILogger logger, string clusterId, string service);

        [LoggerMessage(204, LogLevel.Warning, "Cluster '{ClusterId}' of service '{Service}' expired: no report for {Seconds:0.0}s. It is no longer placed.", EventName = "ClusterExpired")]
        public static partial void ClusterExpired(ILogger logger, string clusterId, string service, double seconds);
    }
}
