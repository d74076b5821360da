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

        [LoggerMessage(402, LogLevel.Error, "No member accepted the session: every member is down or refused. The client's connection is closed.", EventName = "NoMember")]
        public static partial void NoMember(ILogger logger);

        [LoggerMessage(403, LogLevel.Warning, "Accepting a connection failed: {Reason}.", EventName = "AcceptFailed")]
        public static partial void AcceptFailed(ILogger logger, string reason);
    }
}
