using dotnet_etcd;

namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>
/// Asks etcd every heartbeat when nobody else has heard from it within one, or while it cannot be
/// reached: that is how an idle locator notices an outage, and how any locator notices the end of one.
/// </summary>
internal sealed class EtcdProbe(EtcdClient client, EtcdStoreSettings settings, EtcdConnectivity connectivity, TimeProvider time)
{
    public async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(EtcdCall.Heartbeat, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                if (connectivity.IsHealthy && connectivity.SinceContact < EtcdCall.Heartbeat)
                {
                    continue;
                }

                try
                {
                    // A linearizable read needs a quorum: it proves etcd can take writes.
                    await client.GetAsync(settings.KeyPrefix, deadline: EtcdCall.Deadline(), cancellationToken: stopping);
                    connectivity.MarkContact();
                }
                catch (Exception ex) when (EtcdFailures.IsEtcdFailure(ex, stopping))
                {
                    connectivity.ReadFailed(ex);
                }
            }
        }
        catch (Exception ex) when (EtcdFailures.IsStopping(ex, stopping))
        {
        }
    }
}
