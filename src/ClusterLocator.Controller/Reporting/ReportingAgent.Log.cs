using Microsoft.Extensions.Logging;

namespace ClusterLocator.Controller.Reporting;

internal sealed partial class ReportingAgent
{
    private static partial class Log
    {
        [LoggerMessage(300, LogLevel.Debug, "Reported seq {Seq} to {Locator}: health {Health}.", EventName = "Reported")]
        public static partial void Reported(ILogger logger, Uri locator, long seq, double health);

        [LoggerMessage(301, LogLevel.Error, "Locator {Locator} refused the controller token: set ControllerOptions.Token to the token it requires (with the CLI: --token-file or CLUSTERLOCATOR_CONTROLLER_TOKEN).", EventName = "Unauthorized")]
        public static partial void Unauthorized(ILogger logger, Uri locator);

        [LoggerMessage(302, LogLevel.Error, "Locator {Locator} rejected the report ({Status}): {Detail} This is a configuration error; fix the controller's options.", EventName = "ReportRejected")]
        public static partial void Rejected(ILogger logger, Uri locator, int status, string detail);

        [LoggerMessage(303, LogLevel.Debug, "Locator {Locator} refused an out-of-order report: {Detail}", EventName = "ReportOutOfOrder")]
        public static partial void OutOfOrder(ILogger logger, Uri locator, string detail);

        [LoggerMessage(304, LogLevel.Warning, "Could not report to locator {Locator}: {Reason}. Retrying with backoff.", EventName = "LocatorFailed")]
        public static partial void LocatorFailed(ILogger logger, Uri locator, string reason);

        [LoggerMessage(305, LogLevel.Information, "Deregistered from locator {Locator} ({Status}).", EventName = "Deregistered")]
        public static partial void Deregistered(ILogger logger, Uri locator, int status);

        [LoggerMessage(306, LogLevel.Warning, "Could not deregister from locator {Locator}: {Reason}. The cluster will expire there at the end of its lease.", EventName = "DeregisterFailed")]
        public static partial void DeregisterFailed(ILogger logger, Uri locator, string reason);

        [LoggerMessage(307, LogLevel.Warning, "Locator {Locator} refused report seq {Seq} of incarnation {Incarnation}, the newest sent to it, as out of order ({Detail}): something else reported under this incarnation. Going on as incarnation {NewIncarnation}, which replaces it.", EventName = "IncarnationReplaced")]
        public static partial void IncarnationReplaced(ILogger logger, Uri locator, string incarnation, long seq, string newIncarnation, string detail);

        [LoggerMessage(308, LogLevel.Debug, "Reporting to {Locator} before the interval: sessions {SentSessions} -> {Sessions}, healthy members {SentHealthy} -> {Healthy}.", EventName = "LoadMoved")]
        public static partial void LoadMoved(ILogger logger, Uri locator, int sentSessions, int sessions, int sentHealthy, int healthy);
    }
}
