using Microsoft.Extensions.Logging;

namespace ClusterLocator.Controller.Tcp;

internal sealed partial class MemberDialer
{
    private static partial class Log
    {
        [LoggerMessage(401, LogLevel.Warning, "Could not connect to member {Member}: {Reason}. Trying the next one.", EventName = "MemberConnectFailed")]
        public static partial void MemberConnectFailed(ILogger logger, string member, string reason);

        [LoggerMessage(402, LogLevel.Error, "No member accepted the session: every member is down or refused. The client is turned away (a reset on the TCP door, 503 and relocate on the HTTP door).", EventName = "NoMember")]
        public static partial void NoMember(ILogger logger);
    }
}
