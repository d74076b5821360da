using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Dns;

internal sealed partial class DnsListener
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 900, EventName = "DnsListening", Level = LogLevel.Information, Message = "Answering DNS locates on {Address} (UDP and TCP) for the domain {Domain}")]
        public static partial void Listening(ILogger logger, System.Net.IPEndPoint address, string domain);

        [LoggerMessage(EventId = 901, EventName = "DnsQueryFailed", Level = LogLevel.Debug, Message = "A DNS query could not be answered; it was dropped")]
        public static partial void QueryFailed(ILogger logger, Exception exception);
    }
}
