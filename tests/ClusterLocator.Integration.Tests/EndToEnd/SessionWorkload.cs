using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using ClusterLocator.Client;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.EndToEnd;

/// <summary>
/// Concurrent workers, each opening one TCP session after another through the SDK: connect, send a
/// line and read its echo, hold the session, echo again, close. A session cut while in use (its
/// controller died under it: the SDK cannot move a live stream) is opened again through the SDK.
/// Every session is recorded with the placements it got and the times on the test's stopwatch.
/// </summary>
internal sealed class SessionWorkload : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan EchoTimeout = TimeSpan.FromSeconds(5);

    private readonly LocatorClient _client;
    private readonly string _service;
    private readonly Stopwatch _clock;
    private readonly ConcurrentQueue<SessionRecord> _sessions = new();
    private readonly ConcurrentDictionary<string, int> _open = new();
    private readonly Task[] _workers;
    private volatile bool _stopping;

    private SessionWorkload(LocatorClient client, string service, int workers, Stopwatch clock)
    {
        _client = client;
        _service = service;
        _clock = clock;
        _workers = [.. Enumerable.Range(0, workers).Select(worker => Task.Run(() => RunWorkerAsync(worker)))];
    }

    /// <summary>Sessions finished so far, failed ones included.</summary>
    public int Completed => _sessions.Count;

    /// <summary>The sessions finished so far.</summary>
    public IReadOnlyCollection<SessionRecord> Sessions => _sessions;

    /// <summary>Sessions open on <paramref name="clusterId"/> right now: connected and not yet closed.</summary>
    public int OpenOn(string clusterId) => _open.GetValueOrDefault(clusterId);

    /// <summary>Starts <paramref name="workers"/> workers; <paramref name="clock"/> times every record.</summary>
    public static SessionWorkload Start(LocatorClient client, string service, int workers, Stopwatch clock) =>
        new(client, service, workers, clock);

    /// <summary>Lets each worker finish the session it is in, then returns every session recorded.</summary>
    public async Task<IReadOnlyList<SessionRecord>> StopAsync()
    {
        _stopping = true;
        await Task.WhenAll(_workers).DefaultTimeout();
        return [.. _sessions.OrderBy(s => s.Started)];
    }

    private async Task RunWorkerAsync(int worker)
    {
        // Seeded per worker: the hold times are the same from run to run.
        var random = new Random(worker);
        for (var number = 0; !_stopping; number++)
        {
            _sessions.Enqueue(await RunSessionAsync(worker, number, random));
        }
    }

    private async Task<SessionRecord> RunSessionAsync(int worker, int number, Random random)
    {
        var started = _clock.Elapsed;
        var hold = TimeSpan.FromMilliseconds(random.Next(100, 201));
        var connects = new List<ConnectRecord>();
        var first = await UseSessionAsync(worker, number, hold, connects);
        if (first.Cut is null)
        {
            return new SessionRecord(worker, number, started, _clock.Elapsed, connects, null, first.Failure);
        }

        var again = await UseSessionAsync(worker, number, hold, connects);
        var failure = again.Failure ?? (again.Cut is { } cut ? $"the session opened again was cut too, on {cut.ClusterId}: {cut.Reason}" : null);
        return new SessionRecord(worker, number, started, _clock.Elapsed, connects, first.Cut, failure);
    }

    /// <summary>Opens a session and uses it; says whether it was cut in use or failed.</summary>
    private async Task<(SessionCut? Cut, string? Failure)> UseSessionAsync(int worker, int number, TimeSpan hold, List<ConnectRecord> connects)
    {
        var connectStarted = _clock.Elapsed;
        ClusterConnection connection;
        try
        {
            using var timeout = new CancellationTokenSource(ConnectTimeout);
            connection = await _client.ConnectTcpAsync(_service, null, timeout.Token);
        }
        catch (Exception ex) when (ex is ClusterConnectException or NoEligibleClusterException or LocatorUnavailableException or OperationCanceledException)
        {
            var refused = ex switch
            {
                ClusterConnectException c => c.FailedAttempts,
                NoEligibleClusterException n => n.FailedAttempts,
                _ => [],
            };
            connects.Add(new ConnectRecord(connectStarted, _clock.Elapsed, null, [.. refused.Select(f => f.ClusterId)]));
            return (null, $"the SDK could not open the session: {ex.GetType().Name}: {ex.Message}");
        }

        var cluster = connection.Placement.ClusterId;
        connects.Add(new ConnectRecord(connectStarted, _clock.Elapsed, cluster, [.. connection.FailedAttempts.Select(f => f.ClusterId)]));
        _open.AddOrUpdate(cluster, 1, (_, open) => open + 1);
        await using (connection)
        {
            try
            {
                if (!await EchoesAsync(connection.Stream, $"w{worker}#{number} opened on {cluster}\n"))
                {
                    return (null, $"the echo from {cluster} differed from what was sent");
                }

                await Task.Delay(hold);
                return await EchoesAsync(connection.Stream, $"w{worker}#{number} still on {cluster} after {hold.TotalMilliseconds:0} ms\n")
                    ? (null, null)
                    : (null, $"the second echo from {cluster} differed from what was sent");
            }
            catch (Exception ex) when (ex is IOException or SocketException)
            {
                return (new SessionCut(cluster, _clock.Elapsed, ex.Message), null);
            }
            catch (OperationCanceledException)
            {
                return (null, $"no echo from {cluster} within {EchoTimeout.TotalSeconds:0} s");
            }
            finally
            {
                _open.AddOrUpdate(cluster, 0, (_, open) => open - 1);
            }
        }
    }

    /// <summary>Sends <paramref name="text"/> and reads as many bytes back; false when they differ. An early end throws <see cref="EndOfStreamException"/>.</summary>
    private static async Task<bool> EchoesAsync(Stream stream, string text)
    {
        var sent = Encoding.UTF8.GetBytes(text);
        var received = new byte[sent.Length];
        using var timeout = new CancellationTokenSource(EchoTimeout);
        await stream.WriteAsync(sent, timeout.Token);
        await stream.ReadExactlyAsync(received, timeout.Token);
        return received.AsSpan().SequenceEqual(sent);
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        await Task.WhenAll(_workers).DefaultTimeout();
    }
}
