using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Registry.Etcd;

internal sealed partial class EtcdPeerProjection
{
    private static partial class Log
    {
        [LoggerMessage(450, LogLevel.Warning, "The etcd key {Key} does not hold a locator's URL (a JSON object whose url is an http:// or https:// URL naming one host); that locator is left out of the peers. Delete the key if nothing should write it.", EventName = "EtcdPeerKeyUnreadable")]
        public static partial void UnreadableKey(ILogger logger, string key);

        [LoggerMessage(456, LogLevel.Warning, "{Count} locators are announced under {Prefix}: placement counts are shared with the first {MaxPeers} by id only. Share an etcd prefix only among the locators that serve the same clients (--store-prefix), and check that nothing else writes under it.", EventName = "EtcdPeersOverLimit")]
        public static partial void TooManyPeers(ILogger logger, int count, string prefix, int maxPeers);
    }
}
