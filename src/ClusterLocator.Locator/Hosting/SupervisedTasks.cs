using System.Collections.Concurrent;
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
    private readonly ConcurrentDictionary<string, int> _down = new(StringComparer.Ordinal);
    private readonly Counter<long> _restarts;
    private readonly ILogger _logger;
    private volatile string? _lastFault;

    public SupervisedTasks(IMeterFactory meterFactory, ILogger<SupervisedTasks> logger)
    {
        _logger = logger;
        _restarts = meterFactory.Create(LocatorMetrics.MeterName).CreateCounter<long>(
            "clusterlocator.background.restarts",
            "{restart}",
            "Background tasks restarted after an unexpected exception, by task; the locator is not ready while one is down.");
    }

    /// <summary>Why the locator is not ready because of a failed task; null while every task runs.</summary>
    public string? Problem
    {
        get
        {
            var down = _down.Where(task => task.Value > 0).Select(task => task.Key).Order(StringComparer.Ordinal).ToList();
            return down.Count == 0 ? null : $"background task {string.Join(", ", down)} failed ({_lastFault}) and restarts; see the error log";
        }
    }

    public void Faulted(string task, Exception exception, TimeSpan restartIn)
    {
        // Logged and counted before readiness says so: whoever sees the 503 finds the error too.
        Log.TaskFailed(_logger, task, restartIn.TotalSeconds, exception);
        _restarts.Add(1, new KeyValuePair<string, object?>("task", task));
        _lastFault = exception.Message;
        _down.AddOrUpdate(task, 1, (_, count) => count + 1);
    }

    public void Restarted(string task)
    {
        _down.AddOrUpdate(task, 0, (_, count) => Math.Max(0, count - 1));
        Log.TaskRestarted(_logger, task);
    }
}
