using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Hosting;

internal sealed partial class ServerCertificate
{
    private static partial class Log
    {
        [LoggerMessage(150, LogLevel.Information, "Serving HTTPS with the new certificate in {CertFile}: {Subject}, valid until {NotAfter:u}.", EventName = "TlsCertificateReloaded")]
        public static partial void Reloaded(ILogger logger, string certFile, string subject, DateTime notAfter);

        [LoggerMessage(151, LogLevel.Error, "The certificate files changed but cannot be used, so the locator keeps serving the previous certificate: {Problems}", EventName = "TlsCertificateReloadRefused")]
        public static partial void ReloadRefused(ILogger logger, string problems);
    }
}
