using ClusterLocator.Client;

namespace ClusterLocator.Cli.Demo.Workload;

/// <summary>
/// One user of the demo's service: opens a session through the SDK, exchanges a few bytes with the
/// member behind the controller for 200–400 ms, closes it, and begins the next. A session cut while
/// in use (the crash) is opened again through the SDK; it fails only when it cannot be opened.
/// </summary>
internal sealed class VirtualClient(LocatorClient client, WorkloadStats stats, DemoEvents events, Random random)
{
    /// <summary>How often one session may be cut and re-opened before it counts as failed.</summary>
    public const int MaxReopens = 3;

    private static readonly TimeSpan PingInterval = TimeSpan.FromMilliseconds(100);
    private readonly byte[] _ping = new byte[32];
    private readonly byte[] _echo = new byte[32];

    /// <summary>Runs sessions until <paramref name="stopping"/>, finishing the one under way; <paramref name="aborting"/> cuts it.</summary>
    public async Task RunAsync(CancellationToken stopping, CancellationToken aborting)
    {
        // Start spread out, as users do, rather than all in the same millisecond.
        await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 300)), events.Time, stopping);
        while (!stopping.IsCancellationRequested)
        {
            await RunSessionAsync(aborting);
        }
    }

    private async Task RunSessionAsync(CancellationToken cancellationToken)
    {
        stats.SessionBegun();
        var time = events.Time;
        var ends = events.Elapsed + TimeSpan.FromMilliseconds(random.Next(200, 401));
        var cut = false;
        for (var opens = 0; opens <= MaxReopens; opens++)
        {
            ClusterConnection connection;
            try
            {
                connection = await client.ConnectTcpAsync(DemoPlan.Service, options: null, cancellationToken);
            }
            catch (Exception ex) when (ex is NoEligibleClusterException or ClusterConnectException or LocatorUnavailableException)
            {
                CountRefusals(ex switch
                {
                    NoEligibleClusterException e => e.FailedAttempts,
                    ClusterConnectException e => e.FailedAttempts,
                    _ => [],
                });
                Fail((cut ? "re-opening a cut session: " : string.Empty) + ex.Message);

                // Not at once again: whatever refused this one needs a moment to change.
                await Task.Delay(PingInterval, time, cancellationToken);
                return;
            }

            await using (connection)
            {
                CountRefusals(connection.FailedAttempts);
                var tally = stats[connection.Placement.ClusterId];
                tally.Placed();
                if (cut)
                {
                    stats.SessionInterrupted();
                    cut = false;
                }

                try
                {
                    await UseAsync(connection.Stream, ends, cancellationToken);
                    return;
                }
                catch (IOException)
                {
                    tally.CutOne();
                    cut = true;
                }
                catch (InvalidDataException ex)
                {
                    Fail(ex.Message);
                    return;
                }
            }
        }

        Fail($"the session was cut {MaxReopens + 1} times");
    }

    /// <summary>Pings the member until <paramref name="ends"/>; an <see cref="IOException"/> means the session was cut.</summary>
    private async Task UseAsync(Stream stream, TimeSpan ends, CancellationToken cancellationToken)
    {
        while (true)
        {
            random.NextBytes(_ping);
            await stream.WriteAsync(_ping, cancellationToken);
            await stream.ReadExactlyAsync(_echo, cancellationToken);
            if (!_ping.AsSpan().SequenceEqual(_echo))
            {
                throw new InvalidDataException("the member's echo differed from what was sent");
            }

            var left = ends - events.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(left < PingInterval ? left : PingInterval, events.Time, cancellationToken);
        }
    }

    private void CountRefusals(IReadOnlyList<ConnectFailure> failures)
    {
        foreach (var failure in failures)
        {
            if (stats.TryGet(failure.ClusterId, out var tally))
            {
                tally.RefusedOne();
            }
        }
    }

    private void Fail(string reason)
    {
        if (stats.SessionFailed(reason))
        {
            events.Add($"a session failed: {reason}");
        }
    }
}
