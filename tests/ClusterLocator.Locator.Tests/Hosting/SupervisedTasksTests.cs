using System.Diagnostics.Metrics;
using ClusterLocator.Locator.Diagnostics;
using ClusterLocator.Locator.Hosting;
using ClusterLocator.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterLocator.Locator.Tests.Hosting;

public sealed class SupervisedTasksTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ListLogger<SupervisedTasks> _log = new();
    private readonly SupervisedTasks _tasks;
    private readonly MeterListener _listener = new();
    private readonly List<(long Value, string? Task)> _restarts = [];

    public SupervisedTasksTests()
    {
        var meterFactory = _services.GetRequiredService<IMeterFactory>();
        _tasks = new SupervisedTasks(meterFactory, _log);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meterFactory && instrument.Meter.Name == LocatorMetrics.MeterName && instrument.Name == "clusterlocator.background.restarts")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            lock (_restarts)
            {
                _restarts.Add((value, tags.ToArray().Single(t => t.Key == "task").Value as string));
            }
        });
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    [Fact]
    public void AFailedTask_IsLoggedCountedAndHoldsTheLocatorNotReady_UntilItRunsAgain()
    {
        Assert.Null(_tasks.Problem);

        _tasks.Faulted("etcd-watch", new InvalidOperationException("a bug in a handler"), TimeSpan.FromSeconds(1));

        Assert.Equal("background task etcd-watch failed (a bug in a handler) and restarts; see the error log", _tasks.Problem);
        Assert.Equal([(1L, "etcd-watch")], _restarts);
        Assert.Single(_log.Entries, e => e.Id.Name == "BackgroundTaskFailed");

        _tasks.Restarted("etcd-watch");
        Assert.Null(_tasks.Problem);
    }

    [Fact]
    public void OneOfSeveralLoopsOfATask_Down_KeepsTheTaskDown_UntilThatOneRunsAgain()
    {
        _tasks.Faulted("etcd-writer", new InvalidOperationException("one"), TimeSpan.FromSeconds(1));
        _tasks.Faulted("etcd-writer", new InvalidOperationException("two"), TimeSpan.FromSeconds(1));
        _tasks.Restarted("etcd-writer");

        Assert.NotNull(_tasks.Problem);
        _tasks.Restarted("etcd-writer");
        Assert.Null(_tasks.Problem);
    }
}
