using ClusterLocator.Protocol.Supervision;

namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>
/// Keeps one long-lived etcd stream open until the store stops: when a stream breaks because etcd
/// cannot be reached or refused it, that is reported to <see cref="EtcdConnectivity"/> and a new
/// stream is opened after a backoff, which starts afresh once a stream has been answered. Any other
/// exception is a bug: it ends the loop, and the task supervisor restarts the part that runs it.
/// </summary>
internal sealed class EtcdStreamLoop(EtcdConnectivity connectivity, TimeProvider time, ExponentialBackoffPolicyFactory backoffs)
{
    /// <summary>Opens streams with <paramref name="drive"/>, which returns when its stream ends, until <paramref name="stopping"/>.</summary>
    public async Task RunAsync(Func<EtcdStream, CancellationToken, Task> drive, CancellationToken stopping)
    {
        var backoff = backoffs.Create();
        while (!stopping.IsCancellationRequested)
        {
            using var stream = new EtcdStream(stopping);
            try
            {
                await drive(stream, stopping);
            }
            catch (Exception ex) when (EtcdFailures.IsEtcdFailure(ex, stopping))
            {
                connectivity.ReadFailed(ex);
            }
            catch (Exception ex) when (EtcdFailures.IsStopping(ex, stopping))
            {
                return;
            }
            finally
            {
                await stream.CancelAsync();
                if (stream.Companion is { } companion)
                {
                    // Its stream is gone; what broke it has been reported above.
                    await companion.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }

            if (stream.Answered)
            {
                backoff = backoffs.Create();
            }

            if (!await backoff.DelayAsync(time, stopping))
            {
                return;
            }
        }
    }
}
