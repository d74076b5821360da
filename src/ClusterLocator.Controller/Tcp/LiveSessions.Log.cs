using Microsoft.Extensions.Logging;

namespace ClusterLocator.Controller.Tcp;

internal sealed partial class LiveSessions
{
    private static partial class Log
    {
        [LoggerMessage(406, LogLevel.Debug, "Closed the session of {Client}: no byte either way for {IdleSeconds} s (the idle timeout).", EventName = "IdleSessionClosed")]
        public static partial void IdleSessionClosed(ILogger logger, string client, double idleSeconds);
    }
}
