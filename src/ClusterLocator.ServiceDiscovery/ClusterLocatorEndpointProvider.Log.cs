using Microsoft.Extensions.Logging;

namespace ClusterLocator.ServiceDiscovery;

internal sealed partial class ClusterLocatorEndpointProvider
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 860, EventName = "ServicePlaced", Level = LogLevel.Debug, Message = "Service discovery placed {Service} on cluster {ClusterId} at {Address} for {Lifetime}")]
        public static partial void Placed(ILogger logger, string service, string clusterId, string address, TimeSpan lifetime);
    }
}
