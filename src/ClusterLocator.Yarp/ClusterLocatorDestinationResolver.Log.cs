using Microsoft.Extensions.Logging;

namespace ClusterLocator.Yarp;

internal sealed partial class ClusterLocatorDestinationResolver
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 870, EventName = "DestinationsListed", Level = LogLevel.Debug, Message = "Destination {Destination} follows {Service}: {Count} eligible cluster(s) with an HTTP front door")]
        public static partial void Listed(ILogger logger, string service, string destination, int count);

        [LoggerMessage(EventId = 871, EventName = "DestinationsListFailed", Level = LogLevel.Warning, Message = "Destination {Destination} follows {Service}, but the clusters could not be listed ({Reason}); keeping the last {Count} destination(s)")]
        public static partial void ListFailed(ILogger logger, string service, string destination, int count, string reason);
    }
}
