using ClusterLocator.Locator.Registry.Etcd;
using ClusterLocator.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Locator.Tests.Registry.Etcd;

public class EtcdConnectivityTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly EtcdClusterRecords _records;
    private readonly ListLogger<EtcdConnectivity> _log = new();
    private readonly EtcdConnectivity _connectivity;

    public EtcdConnectivityTests()
    {
        _records = new EtcdClusterRecords(new EtcdStoreSettings("/cl/", TimeSpan.FromSeconds(3)), _time);
        _connectivity = new EtcdConnectivity(_records, _time, _log);
    }

    [Fact]
    public void Health_BeforeEtcdAnswers_IsUnhealthyAndSaysConnecting()
    {
        Assert.False(_connectivity.Health.Healthy);
        Assert.Equal("connecting", _connectivity.Health.Problem);
    }

    [Fact]
    public void MarkUnavailable_Repeatedly_LogsTheOutageOnce_AndKeepsTheLatestProblem()
    {
        _connectivity.MarkContact();

        _connectivity.MarkUnavailable(new IOException("connection reset"));
        _connectivity.MarkUnavailable(new TimeoutException("etcd did not answer"));

        Assert.Single(_log.Entries, entry => entry.Id.Name == "EtcdUnavailable");
        Assert.Equal(new Locator.Registry.StoreHealth(false, _connectivity.Health.LastContact, "etcd did not answer"), _connectivity.Health);
    }

    [Fact]
    public async Task MarkContact_AfterAnOutage_LogsTheRecovery_ReleasesTheWaiters_AndQueuesEveryCluster()
    {
        _connectivity.MarkContact();
        _records.GetOrAdd("c1");
        _records.GetOrAdd("c2");
        _connectivity.MarkUnavailable(new IOException("connection reset"));
        var waiting = _connectivity.WaitHealthyAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(waiting.IsCompleted);

        _connectivity.MarkContact();

        await waiting.DefaultTimeout();
        Assert.True(_connectivity.Health.Healthy);
        Assert.Null(_connectivity.Health.Problem);
        Assert.Contains(_log.Entries, entry => entry.Id.Name == "EtcdRecovered" && entry.Message.Contains("after 4.0s; writing the 2 cluster(s)", StringComparison.Ordinal));
        Assert.Equal(TimeSpan.Zero, _connectivity.SinceRecovered);
        Assert.True(_records.Pending.TryRead(out _));
        Assert.True(_records.Pending.TryRead(out _));
    }

    [Fact]
    public void MarkContact_TheFirstTime_IsNoRecovery()
    {
        _connectivity.MarkContact();

        Assert.True(_connectivity.Health.Healthy);
        Assert.DoesNotContain(_log.Entries, entry => entry.Id.Name == "EtcdRecovered");
        Assert.True(_connectivity.SinceRecovered > TimeSpan.FromDays(1));
    }
}
