using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Hosting;

internal sealed partial class SupervisedTasks
{
    private static partial class Log
    {
        [LoggerMessage(160, LogLevel.Error, "Background task {Task} failed unexpectedly; it restarts in {Seconds:0.#}s and the locator is not ready until then.", EventName = "BackgroundTaskFailed")]
        public static partial void TaskFailed(ILogger logger, string task, double seconds, Exception exception);

        [LoggerMessage(161, LogLevel.Information, "Background task {Task} runs again.", EventName = "BackgroundTaskRestarted")]
        public static partial void TaskRestarted(ILogger logger, string task);
    }
}
