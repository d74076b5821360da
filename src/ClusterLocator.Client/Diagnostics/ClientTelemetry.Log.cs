using Microsoft.Extensions.Logging;

namespace ClusterLocator.Client.Diagnostics;

internal sealed partial class ClientTelemetry
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 850, EventName = "LocatorFailedOver", Level = LogLevel.Warning, Message = "Asking the next locator, {Next}: {Reason}")]
        public static partial void FailedOver(ILogger logger, Uri next, string? reason);

        [LoggerMessage(EventId = 851, EventName = "SessionRelocated", Level = LogLevel.Information, Message = "A session of {Service} failed on cluster {ClusterId} ({Address}): {Reason}; placing it on another cluster")]
        public static partial void Relocated(ILogger logger, string service, string clusterId, string address, string reason);

        [LoggerMessage(EventId = 852, EventName = "SessionAttemptsExhausted", Level = LogLevel.Warning, Message = "A session of {Service} failed on cluster {ClusterId} ({Address}): {Reason}; no other cluster is tried (attempts or exclusions used up)")]
        public static partial void GaveUp(ILogger logger, string service, string clusterId, string address, string reason);
    }
}
