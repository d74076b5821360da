using System.Net;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.Extensions.Time.Testing;
using static ClusterLocator.Client.Tests.LoopbackLocators;

namespace ClusterLocator.Client.Tests;

// Hostile or broken locators over real loopback sockets: a placement that is not what was asked is
// a bad answer, and the SDK goes to the next locator.
public sealed class PlacementChecksTests
{
    [Fact]
    public async Task ConnectTcp_LocatorAnswersHttp_FailsOverToTheHonestLocatorAndConnectsThere()
    {
        using var cluster = new LoopbackListener();
        await using var liar = Placing("liar", Protocols.Http, "http://127.0.0.1:1/");
        await using var honest = Placing("honest", Protocols.Tcp, cluster.Address);
        using var client = NewClient(null, liar.Url, honest.Url);

        var connect = client.ConnectTcpAsync("erp");
        using var accepted = await cluster.AcceptAsync();
        await using var session = await connect.DefaultTimeout();

        Assert.Equal("honest", session.Placement.ClusterId);
        Assert.Empty(session.FailedAttempts);
        Assert.Equal(1, liar.Requests);
        Assert.Equal(honest.Url, client.PreferredLocator);
    }

    [Fact]
    public async Task Locate_EveryLocatorAnswersAnotherProtocol_SaysWhichInTheException()
    {
        await using var liar = Placing("liar", Protocols.Http, "http://127.0.0.1:1/");
        using var client = NewClient(null, liar.Url);

        var ex = await Assert.ThrowsAsync<LocatorUnavailableException>(() => client.LocateAsync("erp", new LocateOptions { Protocol = Protocols.Tcp }).DefaultTimeout());

        Assert.Contains("with protocol 'http' when 'tcp' was asked for", Assert.Single(ex.Failures), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Protocols.Tcp, "http://10.0.0.5:8080/")]
    [InlineData(Protocols.Http, "10.0.0.5:9001")]
    [InlineData("udp", "10.0.0.5:9001")]
    public async Task Locate_AddressThatIsNotOfItsProtocol_IsABadAnswer(string protocol, string address)
    {
        await using var liar = Placing("liar", protocol, address);
        using var client = NewClient(null, liar.Url);

        var ex = await Assert.ThrowsAsync<LocatorUnavailableException>(() => client.LocateAsync("erp").DefaultTimeout());

        Assert.Contains("cluster 'liar'", Assert.Single(ex.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpsRequest_LocatorAnswersAnHttpFrontDoor_FailsOverAndIsSentAsHttps()
    {
        await using var downgrading = Placing("plain", Protocols.Http, "http://plain.erp.test:8080/");
        await using var honest = Placing("secure", Protocols.Http, "https://secure.erp.test:8443/");
        using var client = NewClient(null, downgrading.Url, honest.Url);
        var clusters = new FakeHttpServers();
        clusters.Answer(new Uri("https://secure.erp.test:8443/"), _ => new HttpResponseMessage(HttpStatusCode.OK));
        using var http = new HttpClient(new ClusterLocatorHttpHandler(client, "erp") { InnerHandler = clusters }) { BaseAddress = new Uri("https://erp/") };

        using var response = await http.GetAsync(new Uri("orders", UriKind.Relative)).DefaultTimeout();

        Assert.Equal("https://secure.erp.test:8443/orders", Assert.Single(clusters.Requests).Uri.AbsoluteUri);
        Assert.Equal(1, downgrading.Requests);
    }

    [Fact]
    public async Task HttpsRequest_OnlyHttpFrontDoors_IsRefusedAndNeverSent()
    {
        await using var downgrading = Placing("plain", Protocols.Http, "http://plain.erp.test:8080/");
        using var client = NewClient(null, downgrading.Url);
        var clusters = new FakeHttpServers();
        using var http = new HttpClient(new ClusterLocatorHttpHandler(client, "erp") { InnerHandler = clusters }) { BaseAddress = new Uri("https://erp/") };

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri("orders", UriKind.Relative)).DefaultTimeout());

        Assert.Contains("never sent on as http", ex.Message, StringComparison.Ordinal);
        Assert.Empty(clusters.Requests);
    }

    [Fact]
    public async Task HttpsRequest_CachedHttpPlacement_IsNotUsedForIt()
    {
        var locators = new FakeHttpServers();
        locators.Answer(LocatorAnswers.A, _ => LocatorAnswers.Placement("plain", protocol: Protocols.Http, address: "http://plain.erp.test:8080/"));
        using var client = TestClients.Create(locators);
        var clusters = new FakeHttpServers();
        clusters.Answer(new Uri("http://plain.erp.test:8080/"), _ => new HttpResponseMessage(HttpStatusCode.OK));
        using var plain = new HttpClient(new ClusterLocatorHttpHandler(client, "erp") { InnerHandler = clusters }) { BaseAddress = new Uri("http://erp/") };
        using var secure = new HttpClient(new ClusterLocatorHttpHandler(client, "erp") { InnerHandler = clusters }) { BaseAddress = new Uri("https://erp/") };
        using var first = await plain.GetAsync(new Uri("orders", UriKind.Relative)).DefaultTimeout();

        await Assert.ThrowsAsync<HttpRequestException>(() => secure.GetAsync(new Uri("orders", UriKind.Relative)).DefaultTimeout());

        Assert.Single(clusters.Requests);
        Assert.Equal(2, locators.Requests.Count);
    }

    [Fact]
    public async Task ConnectTcp_AddressOutsideAllowedNetworks_IsRefusedAndTheNextLocatorsUsed()
    {
        using var cluster = new LoopbackListener();
        await using var elsewhere = Placing("elsewhere", Protocols.Tcp, "192.0.2.10:9001");
        await using var honest = Placing("inside", Protocols.Tcp, cluster.Address);
        using var client = NewClient(o => o.AllowedNetworks.Add("127.0.0.0/8"), elsewhere.Url, honest.Url);

        var connect = client.ConnectTcpAsync("erp");
        using var accepted = await cluster.AcceptAsync();
        await using var session = await connect.DefaultTimeout();

        Assert.Equal("inside", session.Placement.ClusterId);
        Assert.Equal(1, elsewhere.Requests);
    }

    [Theory]
    [InlineData("192.0.2.10:9001")]
    [InlineData("[2001:db8::1]:9001")]
    [InlineData("[::ffff:192.0.2.10]:9001")]
    [InlineData("localhost:9001")]
    public async Task Locate_AddressOutsideAllowedNetworks_IsRefusedNamingTheRanges(string address)
    {
        await using var elsewhere = Placing("elsewhere", Protocols.Tcp, address);
        using var client = NewClient(o => o.AllowedNetworks.Add("10.0.0.0/8"), elsewhere.Url);

        var ex = await Assert.ThrowsAsync<LocatorUnavailableException>(() => client.LocateAsync("erp").DefaultTimeout());

        Assert.Contains("outside LocatorClientOptions.AllowedNetworks (10.0.0.0/8)", Assert.Single(ex.Failures), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Protocols.Tcp, "10.1.2.3:9001")]
    [InlineData(Protocols.Tcp, "[::ffff:10.1.2.3]:9001")]
    [InlineData(Protocols.Http, "https://10.1.2.3:8443/")]
    [InlineData(Protocols.Tcp, "localhost:9001")]
    public async Task Locate_AddressInsideAllowedNetworks_IsAccepted(string protocol, string address)
    {
        await using var locator = Placing("inside", protocol, address);
        using var client = NewClient(
            o =>
            {
                o.AllowedNetworks.Add("10.0.0.0/8");
                o.AllowedNetworks.Add("127.0.0.0/8");
                o.AllowedNetworks.Add("::1/128");
            },
            locator.Url);

        var placement = await client.LocateAsync("erp").DefaultTimeout();

        Assert.Equal(address, placement.Address);
    }

    [Fact]
    public async Task Locate_TtlOfYears_IsCachedForAtMostMaxPlacementTtl()
    {
        var locators = new FakeHttpServers();
        locators.Answer(LocatorAnswers.A, _ => LocatorAnswers.Placement("a", ttlMs: 1_000_000_000_000));
        var time = new FakeTimeProvider();
        using var client = TestClients.Create(locators, time, configure: o => o.MaxPlacementTtl = TimeSpan.FromMinutes(5));

        var placement = await client.LocateAsync("erp").DefaultTimeout();
        time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1));
        await client.LocateAsync("erp").DefaultTimeout();
        Assert.Single(locators.Requests);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await client.LocateAsync("erp").DefaultTimeout();

        Assert.Equal(300_000, placement.TtlMs);
        Assert.Equal(2, locators.Requests.Count);
    }

    [Fact]
    public async Task Locate_NegativeTtl_IsZeroAndNotCached()
    {
        var locators = new FakeHttpServers();
        locators.Answer(LocatorAnswers.A, _ => LocatorAnswers.Placement("a", ttlMs: -5));
        using var client = TestClients.Create(locators);

        var placement = await client.LocateAsync("erp").DefaultTimeout();
        await client.LocateAsync("erp").DefaultTimeout();

        Assert.Equal(0, placement.TtlMs);
        Assert.Equal(2, locators.Requests.Count);
    }

    [Fact]
    public async Task Locate_ClusterIdThatIsNotOne_IsABadAnswer()
    {
        await using var liar = Placing("a\u001b[31m", Protocols.Tcp, "10.0.0.5:9001");
        using var client = NewClient(null, liar.Url);

        var ex = await Assert.ThrowsAsync<LocatorUnavailableException>(() => client.LocateAsync("erp").DefaultTimeout());

        Assert.Contains("a cluster id that is not one", Assert.Single(ex.Failures), StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", ex.Message, StringComparison.Ordinal);
    }
}
