using ClusterLocator.Protocol.Supervision;
using ClusterLocator.Testing;

namespace ClusterLocator.Locator.Tests.Registry.Etcd;

public sealed class TaskSupervisorTests : IDisposable
{
    private readonly CountingTimeProvider _time = new();
    private readonly Recorder _observer = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskSupervisor _supervisor;

    public TaskSupervisorTests()
    {
        // No jitter: the first restart is after exactly 1 s, the next after 1.6 s.
        _supervisor = new TaskSupervisor(_observer, _time, new ExponentialBackoffPolicyFactory(new FixedRandom(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)));
    }

    public void Dispose() => _stopping.Dispose();

    [Fact]
    public async Task ATaskThatThrowsOnce_IsReportedDown_AndRunsAgainAfterTheBackoff()
    {
        var runs = 0;
        var second = new TaskCompletionSource();
        var run = _supervisor.RunAsync(
            "etcd-watch",
            async stopping =>
            {
                if (Interlocked.Increment(ref runs) == 1)
                {
                    throw new InvalidOperationException("a bug");
                }

                second.TrySetResult();
                await Task.Delay(Timeout.Infinite, stopping);
            },
            _stopping.Token);

        await Eventually.HoldsAsync(() => _time.TimersCreated == 1, "the restart to wait its backoff");
        var (task, exception, restartIn) = Assert.Single(_observer.Faults);
        Assert.Equal("etcd-watch", task);
        Assert.Equal("a bug", exception.Message);
        Assert.Equal(TimeSpan.FromSeconds(1), restartIn);
        Assert.Equal(0, _observer.Restarts);

        _time.Advance(TimeSpan.FromSeconds(1));
        await second.Task.DefaultTimeout();
        Assert.Equal(1, _observer.Restarts);
        Assert.Equal(2, runs);

        await _stopping.CancelAsync();
        await run.DefaultTimeout();
        Assert.Single(_observer.Faults);
    }

    [Fact]
    public async Task ATaskThatKeepsThrowing_WaitsLongerEachTime()
    {
        var run = _supervisor.RunAsync("etcd-probe", _ => throw new InvalidOperationException("a bug"), _stopping.Token);

        await Eventually.HoldsAsync(() => _time.TimersCreated == 1, "the first backoff");
        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.HoldsAsync(() => _time.TimersCreated == 2, "the second backoff");

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.6)], _observer.Faults.Select(f => f.RestartIn));
        await _stopping.CancelAsync();
        await run.DefaultTimeout();
    }

    [Fact]
    public async Task CancellationOnStop_IsNotAFault_AndATaskThatReturns_IsNotRestarted()
    {
        var stopped = _supervisor.RunAsync("etcd-writer", stopping => Task.Delay(Timeout.Infinite, stopping), _stopping.Token);
        var runs = 0;
        await _supervisor.RunAsync("reporting", _ => Task.FromResult(Interlocked.Increment(ref runs)), CancellationToken.None).DefaultTimeout();

        await _stopping.CancelAsync();
        await stopped.DefaultTimeout();

        Assert.Equal(1, runs);
        Assert.Empty(_observer.Faults);
    }

    [Fact]
    public async Task AnExceptionWhileStopping_IsNotAFault()
    {
        var run = _supervisor.RunAsync(
            "etcd-lease-keeper",
            async stopping =>
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, stopping);
                }
                catch (OperationCanceledException)
                {
                    throw new ObjectDisposedException("the channel, torn down with the host");
                }
            },
            _stopping.Token);

        await _stopping.CancelAsync();
        await run.DefaultTimeout();

        Assert.Empty(_observer.Faults);
    }

    private sealed class Recorder : ISupervisionObserver
    {
        private readonly List<(string Task, Exception Exception, TimeSpan RestartIn)> _faults = [];
        private int _restarts;

        public IReadOnlyList<(string Task, Exception Exception, TimeSpan RestartIn)> Faults
        {
            get
            {
                lock (_faults)
                {
                    return [.. _faults];
                }
            }
        }

        public int Restarts => Volatile.Read(ref _restarts);

        public void Faulted(string task, Exception exception, TimeSpan restartIn)
        {
            lock (_faults)
            {
                _faults.Add((task, exception, restartIn));
            }
        }

        public void Restarted(string task) => Interlocked.Increment(ref _restarts);
    }
}
