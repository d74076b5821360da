using System.Net;

namespace ClusterLocator.Controller.Tests;

public sealed class SessionGatePerClientTests
{
    private static readonly IPAddress A = IPAddress.Parse("10.0.0.1");
    private static readonly IPAddress B = IPAddress.Parse("10.0.0.2");

    [Fact]
    public void TryEnter_ClientAtItsShare_IsRefusedWhileOthersGetIn()
    {
        var gate = new SessionGate(maxSessions: 4, maxSessionsPerClient: 2);

        Assert.Equal(Admission.Admitted, gate.TryEnter(A));
        Assert.Equal(Admission.Admitted, gate.TryEnter(A));
        Assert.Equal(Admission.ClientLimit, gate.TryEnter(A));
        Assert.Equal(Admission.Admitted, gate.TryEnter(B));
        Assert.Equal(3, gate.Live);

        gate.Exit(A);
        Assert.Equal(Admission.Admitted, gate.TryEnter(A));
    }

    [Fact]
    public void TryEnter_ClusterFull_IsFullAndTheClientsShareIsNotTaken()
    {
        var gate = new SessionGate(maxSessions: 2, maxSessionsPerClient: 2);
        Assert.Equal(Admission.Admitted, gate.TryEnter(A));
        Assert.Equal(Admission.Admitted, gate.TryEnter(B));

        Assert.Equal(Admission.Full, gate.TryEnter(B));

        // The refused attempt left B's count at one: once the cluster has room, B gets its second.
        gate.Exit(A);
        Assert.Equal(Admission.Admitted, gate.TryEnter(B));
        Assert.Equal(Admission.Full, gate.TryEnter(A));
    }

    [Fact]
    public void TryEnter_IPv4MappedAddress_IsTheSameClient()
    {
        var gate = new SessionGate(maxSessions: 10, maxSessionsPerClient: 1);
        Assert.Equal(Admission.Admitted, gate.TryEnter(A));

        Assert.Equal(Admission.ClientLimit, gate.TryEnter(A.MapToIPv6()));
    }

    [Fact]
    public void TryEnter_NoPerClientLimit_OneClientMayFillTheCluster()
    {
        var gate = new SessionGate(maxSessions: 3, maxSessionsPerClient: 0);

        Assert.Equal(Admission.Admitted, gate.TryEnter(A));
        Assert.Equal(Admission.Admitted, gate.TryEnter(A));
        Assert.Equal(Admission.Admitted, gate.TryEnter(A));
        Assert.Equal(Admission.Full, gate.TryEnter(A));
    }

    [Fact]
    public void TryEnter_Draining_IsDrainingForEveryClient()
    {
        var gate = new SessionGate(maxSessions: 3, maxSessionsPerClient: 1);
        _ = gate.DrainAsync();

        Assert.Equal(Admission.Draining, gate.TryEnter(A));
        Assert.Equal(0, gate.Live);
    }

    [Fact]
    public async Task TryEnterAndExit_ManyThreads_LeaveNothingCounted()
    {
        var gate = new SessionGate(maxSessions: 1000, maxSessionsPerClient: 3);
        var clients = Enumerable.Range(1, 8).Select(i => IPAddress.Parse($"10.0.1.{i}")).ToArray();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                var client = clients[(t + i) % clients.Length];
                if (gate.TryEnter(client) == Admission.Admitted)
                {
                    gate.Exit(client);
                }
            }
        }))).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, gate.Live);
        foreach (var client in clients)
        {
            Assert.Equal(Admission.Admitted, gate.TryEnter(client));
            Assert.Equal(Admission.Admitted, gate.TryEnter(client));
            Assert.Equal(Admission.Admitted, gate.TryEnter(client));
            Assert.Equal(Admission.ClientLimit, gate.TryEnter(client));
        }
    }
}
