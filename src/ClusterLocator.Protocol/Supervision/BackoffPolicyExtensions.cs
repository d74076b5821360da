namespace ClusterLocator.Protocol.Supervision;

internal static class BackoffPolicyExtensions
{
    /// <summary>Waits the policy's next backoff; false when <paramref name="stopping"/> ends the wait.</summary>
    public static async Task<bool> DelayAsync(this IBackoffPolicy backoff, TimeProvider time, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(backoff.NextBackoff(), time, stopping);
            return true;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return false;
        }
    }
}
