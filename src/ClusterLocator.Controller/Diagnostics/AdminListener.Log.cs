using Microsoft.Extensions.Logging;

namespace ClusterLocator.Controller.Diagnostics;

internal sealed partial class AdminListener
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 800, EventName = "AdminListening", Level = LogLevel.Information, Message = "Admin listener on {Addresses}: /metrics")]
        public static partial void Listening(ILogger logger, IEnumerable<string> addresses);

        [LoggerMessage(EventId = 801, EventName = "AdminListenerUnavailable", Level = LogLevel.Warning, Message = "The admin listener could not listen on {Addresses} ({Reason}): the controller runs on without /metrics. Give it a free address with --admin-urls (ControllerOptions.AdminUrls), e.g. http://127.0.0.1:0, or turn it off with --admin-urls off")]
        public static partial void Unavailable(ILogger logger, IEnumerable<string> addresses, string reason);
    }
}
