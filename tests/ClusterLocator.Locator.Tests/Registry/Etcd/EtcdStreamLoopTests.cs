using System.Threading.Channels;
using ClusterLocator.Locator.Registry.Etcd;
using ClusterLocator.Protocol.Supervision;
using ClusterLocator.Testing;

namespace ClusterLocator.Locator.Tests.Registry.Etcd;

public sealed class EtcdStreamLoopTests : IDisposable
{
    private static readonly TimeSpan Initial = TimeSpan.FromSeconds(1);

    private readonly CountingTimeProvider _time = new();
    private readonly EtcdConnectivity _connectivity;
    private readonly EtcdStreamLoop _loop;
    private readonly Channel<EtcdStream> _opened = Channel.CreateUnbounded<EtcdStream>();
    private readonly CancellationTokenSource _stopping = new();
    private int _waits;

    public EtcdStreamLoopTests()
    {
        var records = new EtcdClusterRecords(new EtcdStoreSettings("/cl/", TimeSpan.FromSeconds(3)), _time);
        _connectivity = new EtcdConnectivity(records, _time, new ListLogger<EtcdConnectivity>());
        // No jitter (the random source draws the middle), so each wait is known: 1 s, 1.6 s, 2.56 s…
        _loop = new EtcdStreamLoop(_connectivity, _time, new ExponentialBackoffPolicyFactory(new FixedRandom(0.5), Initial, TimeSpan.FromSeconds(10)));
    }

    public void Dispose() => _stopping.Dispose();

    [Fact]
    public async Task AStreamThatBreaks_ReportsEtcdUnavailable_AndTheNextOpensAfterTheBackoff_LongerEachTime()
    {
        var run = _loop.RunAsync(Breaks(answered: _ => false), _stopping.Token);
        await NextOpenedAsync();

        Assert.False(_connectivity.Health.Healthy);
        Assert.Contains("connection reset", _connectivity.Health.Problem, StringComparison.Ordinal);
        await AssertOpensAfterAsync(Initial);
        await AssertOpensAfterAsync(Initial * 1.6);

        await _stopping.CancelAsync();
        await run.DefaultTimeout();
    }

    [Fact]
    public async Task AStreamThatWasAnswered_StartsTheBackoffAfresh()
    {
        var run = _loop.RunAsync(Breaks(answered: opening => opening == 3), _stopping.Token);
        await NextOpenedAsync();
        await AssertOpensAfterAsync(Initial);
        await AssertOpensAfterAsync(Initial * 1.6);

        // The third stream was answered before it broke: etcd works again, so no long wait.
        await AssertOpensAfterAsync(Initial);

        await _stopping.CancelAsync();
        await run.DefaultTimeout();
    }

    [Fact]
    public async Task Stopping_EndsTheStreamAndItsCompanion_WithoutReportingAnOutage()
    {
        _connectivity.MarkContact();
        Task? companion = null;
        var run = _loop.RunAsync(
            async (stream, _) =>
            {
                companion = Task.Delay(Timeout.Infinite, stream.Token);
                stream.Companion = companion;
                _opened.Writer.TryWrite(stream);
                await Task.Delay(Timeout.Infinite, stream.Token);
            },
            _stopping.Token);
        await NextOpenedAsync();

        await _stopping.CancelAsync();
        await run.DefaultTimeout();

        Assert.True(companion!.IsCompleted);
        Assert.True(_connectivity.Health.Healthy);
    }

    /// <summary>Every stream opened breaks at once, as on a reset connection; <paramref name="answered"/> says, by opening, whether etcd answered first.</summary>
    private Func<EtcdStream, CancellationToken, Task> Breaks(Func<int, bool> answered)
    {
        var openings = 0;
        return (stream, _) =>
        {
            if (answered(++openings))
            {
                stream.MarkAnswered();
            }

            _opened.Writer.TryWrite(stream);
            return Task.FromException(new IOException("connection reset"));
        };
    }

    private async Task NextOpenedAsync() => await _opened.Reader.ReadAsync().AsTask().DefaultTimeout();

    /// <summary>
    /// The loop, once it has begun its next wait (one timer per broken stream), waits
    /// <paramref name="wait"/>; the next stream opens when that has passed.
    /// </summary>
    private async Task AssertOpensAfterAsync(TimeSpan wait)
    {
        var waits = ++_waits;
        await Eventually.HoldsAsync(() => _time.TimersCreated >= waits, "the loop to begin its backoff");
        Assert.Equal(wait, _time.DueTimes[waits - 1]);
        _time.Advance(wait);
        await NextOpenedAsync();
    }
}
