using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Registry.Etcd;

internal sealed partial class EtcdPeerDirectoryService
{
    private static partial class Log
    {
        [LoggerMessage(454, LogLevel.Warning, "This locator does not announce itself to the other locators sharing etcd: it listens on {Addresses}, which names no host they can reach, so they cannot send it their placement counts. Set LocatorOptions.AdvertiseUrl (--advertise-url) to the URL they reach it at.", EventName = "EtcdPeerNoAdvertiseUrl")]
        public static partial void NothingToAdvertise(ILogger logger, string addresses);

        [LoggerMessage(455, LogLevel.Information, "Announcing this locator to the other locators sharing etcd as {Url}.", EventName = "EtcdPeerAdvertising")]
        public static partial void Advertising(ILogger logger, Uri url);
    }
}
