using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.Extensions.Time.Testing;
using static ClusterLocator.Client.Tests.LocatorAnswers;

namespace ClusterLocator.Client.Tests;

public sealed class LocatorClientConnectTcpTests
{
    private readonly FakeHttpServers _locators = new();
    private readonly FakeClusterDialer _dialer = new();

    private LocatorClient NewClient(int maxAttempts = 3) =>
        TestClients.Create(_locators, new FakeTimeProvider(), _dialer, o => o.MaxAttempts = maxAttempts, A);

    [Fact]
    public async Task ConnectTcp_FirstClusterWorks_OpensItWithNoFailedAttempts()
    {
        _locators.Answer(A, FirstEligible("a", "b"));
        using var client = NewClient();

        await using var connection = await client.ConnectTcpAsync("erp", new LocateOptions { Zone = "eu-1" }).DefaultTimeout();

        Assert.Equal("a", connection.Placement.ClusterId);
        Assert.Empty(connection.FailedAttempts);
        Assert.Equal([TcpAddress("a")], _dialer.Dialed);
        var request = Assert.Single(_locators.Requests);
        Assert.Equal(Protocols.Tcp, request.Query("protocol"));
        Assert.Equal("eu-1", request.Query("zone"));
    }

    [Fact]
    public async Task ConnectTcp_ClusterRefuses_IsExcludedFromTheNextLocate()
    {
        _locators.Answer(A, FirstEligible("a", "b", "c"));
        _dialer.Refuse(TcpAddress("a"));
        using var client = NewClient();

        await using var connection = await client.ConnectTcpAsync("erp", new LocateOptions { Exclude = ["z"] }).DefaultTimeout();

        Assert.Equal("b", connection.Placement.ClusterId);
        Assert.Equal(["z", "z,a"], _locators.Requests.Select(r => r.Query("exclude")));
        Assert.Equal([TcpAddress("a"), TcpAddress("b")], _dialer.Dialed);
        var failure = Assert.Single(connection.FailedAttempts);
        Assert.Equal(new ConnectFailure("a", TcpAddress("a"), FakeClusterDialer.RefusalReason), failure);
    }

    [Fact]
    public async Task ConnectTcp_EveryClusterRefuses_GivesUpAfterMaxAttemptsListingEach()
    {
        _locators.Answer(A, FirstEligible("a", "b", "c", "d"));
        foreach (var cluster in new[] { "a", "b", "c", "d" })
        {
            _dialer.Refuse(TcpAddress(cluster), $"{cluster} is full");
        }

        using var client = NewClient(maxAttempts: 3);

        var ex = await Assert.ThrowsAsync<ClusterConnectException>(() => client.ConnectTcpAsync("erp").DefaultTimeout());

        Assert.Equal("erp", ex.Service);
        Assert.Equal(["a", "b", "c"], ex.FailedAttempts.Select(f => f.ClusterId));
        Assert.Equal(["a is full", "b is full", "c is full"], ex.FailedAttempts.Select(f => f.Reason));
        Assert.Equal(3, _dialer.Dialed.Count);
        Assert.Equal(3, _locators.Requests.Count);
        Assert.Equal("a,b", _locators.Requests[2].Query("exclude"));
        foreach (var failure in ex.FailedAttempts)
        {
            Assert.Contains(failure.ToString(), ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ConnectTcp_NothingEligibleAfterExclusions_ThrowsNoEligibleWithTheFailedAttempts()
    {
        _locators.Answer(A, FirstEligible("a", "b"));
        _dialer.Refuse(TcpAddress("a"));
        _dialer.Refuse(TcpAddress("b"));
        using var client = NewClient(maxAttempts: 5);

        var ex = await Assert.ThrowsAsync<NoEligibleClusterException>(() => client.ConnectTcpAsync("erp").DefaultTimeout());

        Assert.Equal(["a", "b"], ex.FailedAttempts.Select(f => f.ClusterId));
        Assert.Equal(NoEligibleDetail, ex.Problem!.Detail);
        Assert.Equal("a,b", _locators.Requests[^1].Query("exclude"));
        Assert.Contains("after 2 failed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectTcp_ExcludeListAlreadyFull_GivesUpAfterTheFirstRefusal()
    {
        // The locator ignores exclusions here, so asking again could only land on "a" again.
        _locators.Answer(A, _ => Placement("a"));
        _dialer.Refuse(TcpAddress("a"));
        var excluded = Enumerable.Range(0, LocateRequest.MaxExcluded).Select(i => $"x{i}").ToArray();
        using var client = NewClient(maxAttempts: 3);

        var ex = await Assert.ThrowsAsync<ClusterConnectException>(() => client.ConnectTcpAsync("erp", new LocateOptions { Exclude = excluded }).DefaultTimeout());

        Assert.Equal(["a"], ex.FailedAttempts.Select(f => f.ClusterId));
        Assert.Single(_locators.Requests);
    }

    [Fact]
    public async Task ConnectTcp_HttpProtocol_IsRejectedBeforeAskingALocator()
    {
        using var client = NewClient();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.ConnectTcpAsync("erp", new LocateOptions { Protocol = Protocols.Http }).DefaultTimeout());

        Assert.Equal("options", ex.ParamName);
        Assert.Contains("'http'", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_locators.Requests);
        Assert.Empty(_dialer.Dialed);
    }
}
