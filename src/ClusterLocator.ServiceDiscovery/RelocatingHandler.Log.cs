using Microsoft.Extensions.Logging;

namespace ClusterLocator.ServiceDiscovery;

internal sealed partial class RelocatingHandler
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 861, EventName = "PlacementTurnedAway", Level = LogLevel.Information, Message = "Cluster {ClusterId} ({Address}) turned a request of {Service} away ({Reason}); the next request is placed on another cluster")]
        public static partial void TurnedAway(ILogger logger, string service, string clusterId, string address, string reason);
    }
}
