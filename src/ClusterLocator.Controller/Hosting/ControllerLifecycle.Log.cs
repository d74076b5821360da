using Microsoft.Extensions.Logging;

namespace ClusterLocator.Controller.Hosting;

internal sealed partial class ControllerLifecycle
{
    private static partial class Log
    {
        [LoggerMessage(100, LogLevel.Information, "Controller of cluster '{ClusterId}' (service '{Service}') ready: {Endpoints}; reporting to {LocatorCount} locator(s).", EventName = "ControllerReady")]
        public static partial void Ready(ILogger logger, string clusterId, string service, string endpoints, int locatorCount);

        [LoggerMessage(101, LogLevel.Information, "Draining: reporting 'draining', refusing new sessions, waiting up to {TimeoutSeconds}s for {Live} live session(s).", EventName = "Draining")]
        public static partial void Draining(ILogger logger, int live, double timeoutSeconds);

        [LoggerMessage(102, LogLevel.Information, "Drained: every session has ended.", EventName = "Drained")]
        public static partial void Drained(ILogger logger);

        [LoggerMessage(103, LogLevel.Warning, "Drain timed out with {Live} session(s) still open; they are cut.", EventName = "DrainTimedOut")]
        public static partial void DrainTimedOut(ILogger logger, int live);
    }
}
