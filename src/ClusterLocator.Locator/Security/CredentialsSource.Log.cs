using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Security;

internal sealed partial class CredentialsSource
{
    private static partial class Log
    {
        [LoggerMessage(500, LogLevel.Information, "Credentials file {Path} read again: {Count} credential(s) now in force.", EventName = "CredentialsReloaded")]
        public static partial void Reloaded(ILogger logger, string path, int count);

        [LoggerMessage(501, LogLevel.Error, "Credentials file {Path} changed but is refused, so the credentials read before stay in force: {Problems}", EventName = "CredentialsReloadRefused")]
        public static partial void ReloadRefused(ILogger logger, string path, string problems);
    }
}
