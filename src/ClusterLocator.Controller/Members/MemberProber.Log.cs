using Microsoft.Extensions.Logging;

namespace ClusterLocator.Controller.Members;

internal sealed partial class MemberProber
{
    private static partial class Log
    {
        [LoggerMessage(200, LogLevel.Warning, "Member {Member} is down: {Reason}. It gets no new session until a probe succeeds.", EventName = "MemberDown")]
        public static partial void MemberDown(ILogger logger, string member, string reason);

        [LoggerMessage(201, LogLevel.Information, "Member {Member} is up again.", EventName = "MemberUp")]
        public static partial void MemberUp(ILogger logger, string member);
    }
}
