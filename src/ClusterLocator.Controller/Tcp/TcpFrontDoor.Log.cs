using Microsoft.Extensions.Logging;

namespace ClusterLocator.Controller.Tcp;

internal sealed partial class TcpFrontDoor
{
    private static partial class Log
    {
        [LoggerMessage(400, LogLevel.Information, "TCP front door listening on {Endpoint}.", EventName = "TcpListening")]
        public static partial void Listening(ILogger logger, string endpoint);

        [LoggerMessage(401, LogLevel.Warning, "Could not connect to member {Member}: {Reason}. Trying the next one.", EventName = "MemberConnectFailed")]
        public static partial void MemberConnectFailed(ILogger logger, string member, string reason);

        [LoggerMessage(402, LogLevel.Error, "No member accepted the session: every member is down or refused. The client's connection is reset.", EventName = "NoMember")]
        public static partial void NoMember(ILogger logger);

        [LoggerMessage(403, LogLevel.Warning, "Accepting a connection failed: {Reason}.", EventName = "AcceptFailed")]
        public static partial void AcceptFailed(ILogger logger, string reason);

        [LoggerMessage(404, LogLevel.Error, "Accepting connections fails for want of resources: {Reason}. Backing off, up to {LongestMs} ms between attempts, until an accept succeeds.", EventName = "AcceptStarved")]
        public static partial void AcceptStarved(ILogger logger, string reason, double longestMs);

        [LoggerMessage(405, LogLevel.Information, "Accepting connections again after {Failures} failed attempts.", EventName = "AcceptRecovered")]
        public static partial void AcceptRecovered(ILogger logger, int failures);

        [LoggerMessage(406, LogLevel.Debug, "Closed the session of {Client}: no byte either way for {IdleSeconds} s (the idle timeout).", EventName = "IdleSessionClosed")]
        public static partial void IdleSessionClosed(ILogger logger, string client, double idleSeconds);

        [LoggerMessage(407, LogLevel.Debug, "Reset a session of {Client}: it holds its share of the cluster's sessions.", EventName = "ClientLimit")]
        public static partial void ClientLimit(ILogger logger, string client);
    }
}
