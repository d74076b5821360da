using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Api;

internal sealed partial class RegistryEndpoints
{
    private static partial class Log
    {
        [LoggerMessage(301, LogLevel.Warning, "Refused a write to cluster '{ClusterId}' from {RemoteAddress}: missing or unknown token.", EventName = "Unauthorized")]
        public static partial void Unauthorized(ILogger logger, string clusterId, string remoteAddress);

        [LoggerMessage(302, LogLevel.Debug, "Refused an invalid report for cluster '{ClusterId}' ({ErrorCount} errors).", EventName = "ReportInvalid")]
        public static partial void ReportInvalid(ILogger logger, string clusterId, int errorCount);

        [LoggerMessage(303, LogLevel.Warning, "Refused a write to cluster '{ClusterId}' of service '{Service}': the credential '{Credential}' does not cover it.", EventName = "Forbidden")]
        public static partial void Forbidden(ILogger logger, string credential, string clusterId, string service);

        [LoggerMessage(304, LogLevel.Warning, "Refused a write to cluster '{ClusterId}' with the credential '{Credential}': the cluster is owned by '{Owner}' while its lease lives.", EventName = "Owned")]
        public static partial void Owned(ILogger logger, string credential, string clusterId, string owner);
    
        [LoggerMessage(650, LogLevel.Warning, "Refused to register cluster '{ClusterId}' of service '{Service}' from {RemoteAddress}: the locator is at its limit of {Limit} {What} ({Property}; clusterlocator locator {Flag} raises it).", EventName = "LimitReached")]
        public static partial void LimitReached(ILogger logger, string clusterId, string service, string remoteAddress, int limit, string what, string property, string flag);
    }
}
