using System.Text;
using System.Text.Json;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Client.Tests;

// The client's own HttpClient against real loopback servers: what a dead, hung or broken locator
// looks like on the wire, not what a fake says it looks like.
public sealed class LocatorClientOverLoopbackTests : IAsyncDisposable
{
    private readonly LoopbackHttpServer _live = new(_ => LoopbackHttpServer.Response(
        "200 OK",
        JsonSerializer.Serialize(new LocateResponse("a", Protocols.Tcp, "10.0.0.5:9001", 0.8, 5000, Stale: false), ProtocolJsonContext.Default.LocateResponse),
        "Content-Type: application/json"));

    public ValueTask DisposeAsync() => _live.DisposeAsync();

    private static LocatorClient NewClient(Uri first, Uri second)
    {
        var options = new LocatorClientOptions { CachePlacements = false };
        options.Locators.Add(first);
        options.Locators.Add(second);
        return new LocatorClient(options);
    }

    [Fact]
    public async Task Locate_NothingListensAtTheFirstLocator_AsksTheNext()
    {
        using var client = NewClient(new Uri($"http://{LoopbackListener.DeadAddress()}/"), _live.Url);

        var placement = await client.LocateAsync("erp").DefaultTimeout();

        Assert.Equal("a", placement.ClusterId);
        Assert.Equal(_live.Url, client.PreferredLocator);
    }

    [Fact]
    public async Task Locate_FirstLocatorAcceptsButNeverAnswers_AsksTheNextAfterLocatorTimeout()
    {
        // The default LocatorTimeout (2 s) on the real clock: a shorter one could expire on the live
        // locator too on a loaded machine.
        using var hung = new LoopbackListener();
        using var client = NewClient(new Uri($"http://{hung.Address}/"), _live.Url);

        var placement = await client.LocateAsync("erp").DefaultTimeout();

        Assert.Equal("a", placement.ClusterId);
        Assert.Equal(_live.Url, client.PreferredLocator);
    }

    [Fact]
    public async Task Locate_FirstLocatorCutsItsAnswerShort_AsksTheNext()
    {
        await using var broken = new LoopbackHttpServer(_ => Encoding.ASCII.GetBytes(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\nConnection: close\r\n\r\n{\"clusterId\":\"b\","));
        using var client = NewClient(broken.Url, _live.Url);

        var placement = await client.LocateAsync("erp").DefaultTimeout();

        Assert.Equal("a", placement.ClusterId);
        Assert.Equal(1, broken.Requests);
    }

    [Fact]
    public async Task Locate_EveryLocatorCutsItsAnswerShort_ThrowsLocatorUnavailable()
    {
        await using var broken = new LoopbackHttpServer(_ => Encoding.ASCII.GetBytes(
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\nContent-Length: 200\r\nConnection: close\r\n\r\n{\"type\":"));
        using var client = NewClient(broken.Url, new Uri($"http://{LoopbackListener.DeadAddress()}/"));

        var ex = await Assert.ThrowsAsync<LocatorUnavailableException>(() => client.LocateAsync("erp").DefaultTimeout());

        Assert.Equal(2, ex.Failures.Count);
        Assert.StartsWith(broken.Url.AbsoluteUri, ex.Failures[0], StringComparison.Ordinal);
    }
}
