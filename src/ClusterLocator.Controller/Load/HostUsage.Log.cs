using Microsoft.Extensions.Logging;

namespace ClusterLocator.Controller.Load;

internal sealed partial class HostUsage
{
    private static partial class Log
    {
        [LoggerMessage(640, LogLevel.Information, "Reporting CPU use against {CpuSource} and memory use against {MemorySource}.", EventName = "HostUsageSources")]
        public static partial void Sources(ILogger logger, string cpuSource, string memorySource);
    }
}
