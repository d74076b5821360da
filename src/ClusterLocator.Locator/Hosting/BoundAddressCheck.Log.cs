using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Hosting;

internal sealed partial class BoundAddressCheck
{
    private static partial class Log
    {
        [LoggerMessage(110, LogLevel.Warning, "The locator listens beyond loopback in plain HTTP on {Addresses}: reports, controller tokens and placements cross the network in clear. Serve https:// instead, or keep these addresses on a network you trust.", EventName = "PlaintextBeyondLoopback")]
        public static partial void PlaintextBeyondLoopback(ILogger logger, string addresses);
    }
}
