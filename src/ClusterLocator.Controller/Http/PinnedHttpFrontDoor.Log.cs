using Microsoft.Extensions.Logging;

namespace ClusterLocator.Controller.Http;

internal sealed partial class PinnedHttpFrontDoor
{
    private static partial class Log
    {
        [LoggerMessage(500, LogLevel.Debug, "Turned a connection of {Client} away: it holds its share of the cluster's sessions. It is answered 503 with the relocate header.", EventName = "PinnedClientLimit")]
        public static partial void ClientLimit(ILogger logger, string client);

        [LoggerMessage(501, LogLevel.Debug, "Refused the first request of {Client} and closed its connection: the head is {State}.", EventName = "PinnedHeadRefused")]
        public static partial void HeadRefused(ILogger logger, string client, string state);
    }
}
