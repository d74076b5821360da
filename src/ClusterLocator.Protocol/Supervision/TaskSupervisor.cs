namespace ClusterLocator.Protocol.Supervision;

/// <summary>
/// Runs the long-lived tasks of a host (the etcd store's loops, the controller's report loops and
/// prober) so that none can end quietly: an exception a task did not expect is handed to the
/// <see cref="ISupervisionObserver"/> and the task runs again after a backoff. A task that returns
/// has finished; one cut short because its host stops has not failed. It lives here, in the project
/// the locator and the controller both reference, so both supervise the same way.
/// </summary>
internal sealed class TaskSupervisor(ISupervisionObserver observer, TimeProvider time, ExponentialBackoffPolicyFactory backoffs)
{
    /// <summary>A task that ran this long before failing worked: its next failure starts a fresh backoff.</summary>
    internal static readonly TimeSpan HealthyRun = TimeSpan.FromMinutes(1);

    /// <summary>The backoffs the hosts restart with: a second at first, at most half a minute.</summary>
    public static ExponentialBackoffPolicyFactory DefaultBackoffs(Random random) => new(random, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    /// <summary>
    /// <see cref="RunAsync"/> on the thread pool, so that a host starting several long-lived tasks
    /// returns at once rather than run each one's first steps itself.
    /// </summary>
    public Task Start(string task, Func<CancellationToken, Task> body, CancellationToken stopping) =>
        Task.Run(() => RunAsync(task, body, stopping), CancellationToken.None);

    /// <summary>Runs <paramref name="body"/> until it returns or <paramref name="stopping"/> is cancelled, again after each unexpected exception.</summary>
    public async Task RunAsync(string task, Func<CancellationToken, Task> body, CancellationToken stopping)
    {
        var backoff = backoffs.Create();
        while (!stopping.IsCancellationRequested)
        {
            var started = time.GetTimestamp();
            try
            {
                await body(stopping);
                return;
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                // The host stops: whatever the task was doing was cut short on purpose.
                return;
            }
            catch (Exception ex)
            {
                if (time.GetElapsedTime(started) >= HealthyRun)
                {
                    backoff = backoffs.Create();
                }

                var delay = backoff.NextBackoff();
                observer.Faulted(task, ex, delay);
                try
                {
                    await Task.Delay(delay, time, stopping);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }

                observer.Restarted(task);
            }
        }
    }
}
