using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Sharing;

internal sealed partial class PlacementsEndpoint
{
    private static partial class Log
    {
        [LoggerMessage(700, LogLevel.Warning, "Refused placement counts from {RemoteAddress}: missing or unknown token; give every locator of the group the same controller token.", EventName = "PeerUnauthorized")]
        public static partial void Unauthorized(ILogger logger, string remoteAddress);

        [LoggerMessage(701, LogLevel.Debug, "Refused an invalid placement batch from {RemoteAddress} ({ErrorCount} errors).", EventName = "PeerBatchInvalid")]
        public static partial void BatchInvalid(ILogger logger, string remoteAddress, int errorCount);

        [LoggerMessage(702, LogLevel.Warning, "Dropped placement counts for cluster '{ClusterId}' of service '{Service}': the credential '{Credential}' does not cover it.", EventName = "PeerForbidden")]
        public static partial void Forbidden(ILogger logger, string credential, string clusterId, string service);
    }
}
