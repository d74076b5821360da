using Microsoft.Extensions.Logging;

namespace ClusterLocator.Controller.Tcp;

internal sealed partial class TcpFrontDoor
{
    private static partial class Log
    {
        [LoggerMessage(400, LogLevel.Information, "TCP front door listening on {Endpoint}.", EventName = "TcpListening")]
        public static partial void Listening(ILogger logger, string endpoint);

        [LoggerMessage(403, LogLevel.Warning, "Accepting a connection failed: {Reason}.", EventName = "AcceptFailed")]
        public static partial void AcceptFailed(ILogger logger, string reason);

        [LoggerMessage(404, LogLevel.Error, "Accepting connections fails for want of resources: {Reason}. Backing off, up to {LongestMs} ms between attempts, until an accept succeeds.", EventName = "AcceptStarved")]
        public static partial void AcceptStarved(ILogger logger, string reason, double longestMs);

        [LoggerMessage(405, LogLevel.Information, "Accepting connections again after {Failures} failed attempts.", EventName = "AcceptRecovered")]
        public static partial void AcceptRecovered(ILogger logger, int failures);

        [LoggerMessage(407, LogLevel.Debug, "Reset a session of {Client}: it holds its share of the cluster's sessions.", EventName = "ClientLimit")]
        public static partial void ClientLimit(ILogger logger, string client);
    }
}
