using System.Diagnostics.Metrics;
using ClusterLocator.Locator.Diagnostics;
using ClusterLocator.Protocol.Supervision;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Hosting;

/// <summary>
/// What the locator does when one of its background tasks fails (the etcd store's watch, lease
/// keeper, writers, probe): logs it as an error with the exception, counts it in
/// <c>clusterlocator.background.restarts</c> by task, and holds the locator not ready
/// (<see cref="LocatorReadiness"/>) until the task runs again.
/// </summary>
internal sealed partial class SupervisedTasks : ISupervisionObserver
{
    // Faults are rare and every locate asks for the problem: the problem is worked out when a task
    // fails or restarts, under a lock, and read as one volatile field.
    private readonly Dictionary<string, int> _down = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly Counter<long> _restarts;
    private readonly ILogger _logger;
    private string? _lastFault;
    private volatile string? _problem;

    public SupervisedTasks(IMeterFactory meterFactory, ILogger<SupervisedTasks> logger)
    {
        _logger = logger;
        _restarts = meterFactory.Create(LocatorMetrics.MeterName).CreateCounter<long>(
            "clusterlocator.background.restarts",
            "{restart}",
            "Background tasks restarted after an unexpected exception, by task; the locator is not ready while one is down.");
    }

    /// <summary>Why the locator is not ready because of a failed task; null while every task runs.</summary>
    public string? Problem => _problem;

    public void Faulted(string task, Exception exception, TimeSpan restartIn)
    {
        // Logged and counted before readiness says so: whoever sees the 503 finds the error too.
        Log.TaskFailed(_logger, task, restartIn.TotalSeconds, exception);
        _restarts.Add(1, new KeyValuePair<string, object?>("task", task));
        lock (_lock)
        {
            _lastFault = exception.Message;
            _down[task] = _down.GetValueOrDefault(task) + 1;
            _problem = Describe();
        }
    }

    public void Restarted(string task)
    {
        lock (_lock)
        {
            _down[task] = Math.Max(0, _down.GetValueOrDefault(task) - 1);
            _problem = Describe();
        }

        Log.TaskRestarted(_logger, task);
    }

    private string? Describe()
    {
        var down = _down.Where(task => task.Value > 0).Select(task => task.Key).Order(StringComparer.Ordinal).ToList();
        return down.Count == 0 ? null : $"background task {string.Join(", ", down)} failed ({_lastFault}) and restarts; see the error log";
    }
}
