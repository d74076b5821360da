using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Api;

internal sealed partial class UnhandledExceptionHandler
{
    private static partial class Log
    {
        [LoggerMessage(310, LogLevel.Error, "Failed to answer {Method} {Path} (traceId {TraceId}); answered 500 with a problem.", EventName = "RequestFailed")]
        public static partial void Failed(ILogger logger, Exception exception, string method, string path, string traceId);

        [LoggerMessage(311, LogLevel.Debug, "Could not read {Method} {Path}: answered {Status} ({Reason}).", EventName = "RequestUnreadable")]
        public static partial void UnreadableRequest(ILogger logger, string method, string path, int status, string reason);
    }
}
