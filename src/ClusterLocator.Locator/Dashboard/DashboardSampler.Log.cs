using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Dashboard;

internal sealed partial class DashboardSampler
{
    private static partial class Log
    {
        [LoggerMessage(800, LogLevel.Error, "The dashboard's sample failed; the next one is taken in a second.", EventName = "DashboardSampleFailed")]
        public static partial void SampleFailed(ILogger logger, Exception exception);
    }
}
