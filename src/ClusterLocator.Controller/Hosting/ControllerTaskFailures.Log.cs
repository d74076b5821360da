using Microsoft.Extensions.Logging;

namespace ClusterLocator.Controller.Hosting;

internal sealed partial class ControllerTaskFailures
{
    private static partial class Log
    {
        [LoggerMessage(110, LogLevel.Error, "Background task {Task} failed unexpectedly; it restarts in {Seconds:0.#}s.", EventName = "BackgroundTaskFailed")]
        public static partial void Failed(ILogger logger, string task, double seconds, Exception exception);

        [LoggerMessage(111, LogLevel.Information, "Background task {Task} runs again.", EventName = "BackgroundTaskRestarted")]
        public static partial void Restarted(ILogger logger, string task);
    }
}
