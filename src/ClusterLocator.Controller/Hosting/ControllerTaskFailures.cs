using System.Diagnostics.Metrics;
using ClusterLocator.Protocol.Supervision;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Controller.Hosting;

/// <summary>
/// What the controller does when one of its background tasks (a report loop, the member prober)
/// fails unexpectedly: logs it as an error with the exception and counts it in
/// <c>clusterlocator.background.restarts</c> of the meter <see cref="MeterName"/>, by task; the
/// <see cref="TaskSupervisor"/> restarts it.
/// </summary>
internal sealed partial class ControllerTaskFailures : ISupervisionObserver
{
    /// <summary>The controller's meter.</summary>
    public const string MeterName = "ClusterLocator.Controller";

    private readonly Counter<long> _restarts;
    private readonly ILogger _logger;

    public ControllerTaskFailures(IMeterFactory meterFactory, ILogger<ControllerTaskFailures> logger)
    {
        _logger = logger;
        _restarts = meterFactory.Create(MeterName).CreateCounter<long>(
            "clusterlocator.background.restarts",
            "{restart}",
            "Background tasks of the controller restarted after an unexpected exception, by task.");
    }

    public void Faulted(string task, Exception exception, TimeSpan restartIn)
    {
        _restarts.Add(1, new KeyValuePair<string, object?>("task", task));
        Log.Failed(_logger, task, restartIn.TotalSeconds, exception);
    }

    public void Restarted(string task) => Log.Restarted(_logger, task);
}
