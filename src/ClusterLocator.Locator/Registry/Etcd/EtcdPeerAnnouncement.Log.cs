using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Registry.Etcd;

internal sealed partial class EtcdPeerAnnouncement
{
    private static partial class Log
    {
        [LoggerMessage(451, LogLevel.Error, "etcd refused this locator's announcement to its peers: {Problem} The other locators do not send it their placement counts until it is written; retrying.", EventName = "EtcdPeerNotAnnounced")]
        public static partial void NotAnnounced(ILogger logger, string problem);

        [LoggerMessage(452, LogLevel.Information, "This locator is announced to its peers as {Url} again.", EventName = "EtcdPeerAnnounced")]
        public static partial void Announced(ILogger logger, Uri url);

        [LoggerMessage(453, LogLevel.Warning, "Could not withdraw this locator's announcement from etcd ({Problem}); its peers drop it when its lease runs out, within {LeaseSeconds}s.", EventName = "EtcdPeerNotWithdrawn")]
        public static partial void NotWithdrawn(ILogger logger, string problem, long leaseSeconds);
    }
}
