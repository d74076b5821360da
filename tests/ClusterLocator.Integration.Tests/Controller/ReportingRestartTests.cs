using System.Diagnostics.Metrics;
using ClusterLocator.Controller.Hosting;
using ClusterLocator.Controller.Load;
using ClusterLocator.Integration.Tests.Etcd;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterLocator.Integration.Tests.Controller;

/// <summary>
/// A load source that throws (a bug in an embedding application's, or in reading the host) used to
/// end the report loop for good: the cluster expired at every locator while its members were fine.
/// Now the loop restarts, the failure is an error in the log and a count in the controller's metrics,
/// and the cluster reports again.
/// </summary>
public sealed class ReportingRestartTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task TheLoadSourceThrows_TheReportLoopRestarts_LogsAndCountsIt_AndReportsAgain()
    {
        await using var locator = await TestLocator.StartAsync(options => options.ReportInterval = Interval);
        await using var echo = EchoServer.Start();
        using var errors = new RecordedErrors();
        var load = new FaultyLoad();
        await using var controller = await TestController.StartAsync(
            options =>
            {
                options.Members.Add(echo.Address);
                options.Locators.Add(locator.BaseAddress);
            },
            configureServices: services => services.AddSingleton<IClusterLoadSource>(load),
            logs: errors);
        using var restarts = new RestartCounter(controller.Services.GetRequiredService<IMeterFactory>(), ControllerTaskFailures.MeterName);
        await Eventually.HoldsAsync(async () => (await locator.ClusterAsync("c1"))?.Load.Sessions == 1, "the controller to report");

        load.FailNext("a load source's bug");
        await Eventually.HoldsAsync(() => errors.Count("BackgroundTaskFailed") == 1, "the failure to be logged as an error");
        Assert.Contains(errors.Entries, e => e.Message.Contains("Background task reporting failed", StringComparison.Ordinal) && e.Message.Contains("a load source's bug", StringComparison.Ordinal));
        Assert.Equal(1, restarts.Of("reporting"));

        // After the restart's backoff (about a second) the loop reports the load as it is now.
        load.Sessions = 7;
        await Eventually.HoldsAsync(async () => (await locator.ClusterAsync("c1"))?.Load.Sessions == 7, "the controller to report again", TimeSpan.FromSeconds(10));
        Assert.Equal(ClusterStates.Active, (await locator.ClusterAsync("c1"))?.State);
        Assert.Equal(1, errors.Count("BackgroundTaskFailed"));
    }

    private sealed class FaultyLoad : IClusterLoadSource
    {
        private string? _failure;
        private volatile int _sessions = 1;

        public int Sessions
        {
            set => _sessions = value;
        }

        public void FailNext(string failure) => Volatile.Write(ref _failure, failure);

        public ClusterLoad GetLoad() =>
            Interlocked.Exchange(ref _failure, null) is { } failure
                ? throw new InvalidOperationException(failure)
                : new ClusterLoad { Sessions = _sessions, Capacity = 100 };
    }
}
