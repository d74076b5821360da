using System.Net;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Dns;

internal sealed partial class DnsUdpServer
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 902, EventName = "DnsDatagramDropped", Level = LogLevel.Debug, Message = "A DNS datagram from {Remote} did not parse; it was dropped")]
        public static partial void Dropped(ILogger logger, IPEndPoint remote, Exception exception);
    }
}
