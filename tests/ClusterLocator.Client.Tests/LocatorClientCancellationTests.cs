using ClusterLocator.Testing;
using Microsoft.Extensions.Time.Testing;
using static ClusterLocator.Client.Tests.LocatorAnswers;

namespace ClusterLocator.Client.Tests;

// The fake clock never moves in these tests, so no timeout can end a call: only the caller's token.
public sealed class LocatorClientCancellationTests
{
    private readonly FakeHttpServers _locators = new();
    private readonly FakeClusterDialer _dialer = new();

    [Fact]
    public async Task Locate_CancelledWhileALocatorHangs_ThrowsOperationCanceledWithoutFailingOver()
    {
        var asked = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        _locators.Answer(A, Hang(asked));
        _locators.Answer(B, _ => Placement("b"));
        using var client = TestClients.Create(_locators, new FakeTimeProvider(), locatorUrls: [A, B]);
        using var cts = new CancellationTokenSource();

        var locate = client.LocateAsync("erp", cancellationToken: cts.Token);
        await asked.Task.DefaultTimeout();
        await cts.CancelAsync().DefaultTimeout();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => locate.DefaultTimeout());
        Assert.Equal(["locator-a"], _locators.HostsAsked);
    }

    [Fact]
    public async Task ConnectTcp_CancelledWhileDialing_ThrowsOperationCanceledWithoutTryingAnotherCluster()
    {
        var dialing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _dialer.Dial = async (_, cancellationToken) =>
        {
            dialing.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        };
        _locators.Answer(A, FirstEligible("a", "b"));
        using var client = TestClients.Create(_locators, new FakeTimeProvider(), _dialer);
        using var cts = new CancellationTokenSource();

        var connect = client.ConnectTcpAsync("erp", cancellationToken: cts.Token);
        await dialing.Task.DefaultTimeout();
        await cts.CancelAsync().DefaultTimeout();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connect.DefaultTimeout());
        Assert.Equal([TcpAddress("a")], _dialer.Dialed);
        Assert.Single(_locators.Requests);
    }
}
