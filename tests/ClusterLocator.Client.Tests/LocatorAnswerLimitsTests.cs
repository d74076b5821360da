using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.Extensions.DependencyInjection;
using static ClusterLocator.Client.Tests.LoopbackLocators;

namespace ClusterLocator.Client.Tests;

// What a hostile locator sends besides a placement: a redirect, an answer without end.
public sealed class LocatorAnswerLimitsTests
{
    [Fact]
    public async Task Locate_LocatorRedirects_IsNotFollowedAndTheNextLocatorAnswers()
    {
        await using var target = Placing("evil", Protocols.Tcp, "10.6.6.6:9001");
        await using var redirecting = new LoopbackHttpServer(r => LoopbackHttpServer.Response("302 Found", string.Empty, $"Location: {target.Url}v1{r.Target[3..]}"));
        await using var honest = Placing("honest", Protocols.Tcp, "10.0.0.5:9001");
        using var client = NewClient(null, redirecting.Url, honest.Url);

        var placement = await client.LocateAsync("erp").DefaultTimeout();

        Assert.Equal("honest", placement.ClusterId);
        Assert.Equal(1, redirecting.Requests);
        Assert.Equal(0, target.Requests);
    }

    [Fact]
    public async Task Locate_DependencyInjectionsHttpClient_DoesNotFollowRedirects()
    {
        await using var target = Placing("evil", Protocols.Tcp, "10.6.6.6:9001");
        await using var redirecting = new LoopbackHttpServer(r => LoopbackHttpServer.Response("307 Temporary Redirect", string.Empty, $"Location: {target.Url}"));
        var services = new ServiceCollection();
        services.AddClusterLocatorClient(o => o.Locators.Add(redirecting.Url));
        await using var provider = services.BuildServiceProvider();

        var ex = await Assert.ThrowsAsync<LocatorUnavailableException>(() => provider.GetRequiredService<LocatorClient>().LocateAsync("erp").DefaultTimeout());

        Assert.Contains("307", Assert.Single(ex.Failures), StringComparison.Ordinal);
        Assert.Equal(0, target.Requests);
    }

    [Fact]
    public async Task Locate_GivenHttpClientFollowsARedirect_TheAnswerIsRefused()
    {
        await using var target = Placing("evil", Protocols.Tcp, "10.6.6.6:9001");
        await using var redirecting = new LoopbackHttpServer(r => LoopbackHttpServer.Response("302 Found", string.Empty, $"Location: {target.Url.AbsoluteUri.TrimEnd('/')}{r.Target}"));
        await using var honest = Placing("honest", Protocols.Tcp, "10.0.0.5:9001");
        var options = new LocatorClientOptions { CachePlacements = false, Locators = { redirecting.Url, honest.Url } };
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true });
        using var client = new LocatorClient(options, http);

        var placement = await client.LocateAsync("erp").DefaultTimeout();

        Assert.Equal(1, target.Requests);
        Assert.Equal("honest", placement.ClusterId);
    }

    [Fact]
    public async Task Locate_AnswerWithoutEnd_IsRefusedAfterItsLimitAndTheNextLocatorAnswers()
    {
        await using var endless = new EndlessAnswerServer();
        await using var honest = Placing("honest", Protocols.Tcp, "10.0.0.5:9001");
        using var client = NewClient(null, endless.Url, honest.Url);

        var placement = await client.LocateAsync("erp").DefaultTimeout();
        await endless.HungUp.DefaultTimeout();

        Assert.Equal("honest", placement.ClusterId);
    }

    [Fact]
    public async Task Locate_AnswerSaying10MB_IsRefusedUnreadNamingTheLimit()
    {
        await using var huge = new EndlessAnswerServer(declaredLength: 10 * 1024 * 1024);
        using var client = NewClient(null, huge.Url);

        var ex = await Assert.ThrowsAsync<LocatorUnavailableException>(() => client.LocateAsync("erp").DefaultTimeout());
        await huge.HungUp.DefaultTimeout();

        Assert.Contains("answered more than 64 KiB", Assert.Single(ex.Failures), StringComparison.Ordinal);
        Assert.True(huge.BytesSent < 10 * 1024 * 1024, $"The client read all {huge.BytesSent} bytes.");
    }

    [Fact]
    public async Task Locate_ProblemWithoutEnd_IsRefusedToo()
    {
        var body = $"{{\"title\":\"x\",\"status\":500,\"detail\":\"{new string('x', 100 * 1024)}\"}}";
        await using var huge = new LoopbackHttpServer(_ => LoopbackHttpServer.Response("500 Internal Server Error", body, $"Content-Type: {Problem.ContentType}"));
        using var client = NewClient(null, huge.Url);

        var ex = await Assert.ThrowsAsync<LocatorUnavailableException>(() => client.LocateAsync("erp").DefaultTimeout());

        Assert.Contains("answered more than 64 KiB", Assert.Single(ex.Failures), StringComparison.Ordinal);
    }
}
