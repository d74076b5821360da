using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Sharing;

internal sealed partial class PlacementSender
{
    private static partial class Log
    {
        [LoggerMessage(710, LogLevel.Warning, "The peer locator {Peer} did not take placement counts: {Reason}. Its batches are dropped until it takes one again (the next reports correct its view); tried every sync interval.", EventName = "PeerUnreachable")]
        public static partial void PeerUnreachable(ILogger logger, Uri peer, string reason);

        [LoggerMessage(711, LogLevel.Information, "The peer locator {Peer} takes placement counts again; {Dropped} batches were dropped meanwhile.", EventName = "PeerReachable")]
        public static partial void PeerReachable(ILogger logger, Uri peer, int dropped);

        [LoggerMessage(712, LogLevel.Warning, "Placement counts are not shared: this locator requires credentials (--credentials-file) but has no controller token to send its peers, which require them too. Give every locator the same --controller-token-file.", EventName = "PeerNoCredentialToSend")]
        public static partial void NoCredentialToSend(ILogger logger);
    }
}
