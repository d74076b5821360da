using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using static ClusterLocator.Client.Tests.LoopbackLocators;

namespace ClusterLocator.Client.Tests;

// Locators that require an identity to locate: the token travels as Bearer, and a refusal is the
// answer to show, not a reason to ask the next locator.
public sealed class LocatorTokenTests
{
    private const string Token = "4f1c2a9e7d-client-token";

    [Fact]
    public async Task Locate_TokenSet_IsSentAsBearerOnLocateAndList()
    {
        var received = new List<IReadOnlyList<string>>();
        await using var locator = new LoopbackHttpServer(r =>
        {
            lock (received)
            {
                received.Add(r.Headers);
            }

            return r.Target.StartsWith("/v1/clusters", StringComparison.Ordinal)
                ? LoopbackHttpServer.Response("200 OK", "{\"clusters\":[]}", "Content-Type: application/json")
                : LoopbackHttpServer.Response("200 OK", "{\"clusterId\":\"a\",\"protocol\":\"tcp\",\"address\":\"10.0.0.5:9001\",\"health\":1,\"ttlMs\":0,\"stale\":false}", "Content-Type: application/json");
        });
        using var client = NewClient(o => o.Token = Token, locator.Url);

        await client.LocateAsync("erp").DefaultTimeout();
        await client.GetClustersAsync().DefaultTimeout();

        Assert.Equal(2, received.Count);
        Assert.All(received, headers => Assert.Contains($"Authorization: Bearer {Token}", headers));
    }

    [Fact]
    public async Task Locate_NoToken_SendsNoAuthorization()
    {
        IReadOnlyList<string>? headers = null;
        await using var locator = new LoopbackHttpServer(r =>
        {
            headers = r.Headers;
            return LoopbackHttpServer.Response("200 OK", "{\"clusterId\":\"a\",\"protocol\":\"tcp\",\"address\":\"10.0.0.5:9001\",\"health\":1,\"ttlMs\":0,\"stale\":false}", "Content-Type: application/json");
        });
        using var client = NewClient(null, locator.Url);

        await client.LocateAsync("erp").DefaultTimeout();

        Assert.DoesNotContain(headers!, h => h.StartsWith("Authorization", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData(401, "Unauthorized", "LocatorClientOptions.Token")]
    [InlineData(403, "Forbidden", "allow this service")]
    public async Task Locate_LocatorRefusesTheIdentity_IsTheAnswerWithTheFixAndNoToken(int status, string title, string fix)
    {
        await using var refusing = Refusing(status, title, "This locator only places clients it knows.");
        await using var other = Placing("a", Protocols.Tcp, "10.0.0.5:9001");
        using var client = NewClient(o => o.Token = Token, refusing.Url, other.Url);

        var ex = await Assert.ThrowsAsync<LocatorAccessDeniedException>(() => client.LocateAsync("erp").DefaultTimeout());

        Assert.Equal(status, ex.Problem!.Status);
        Assert.Contains("This locator only places clients it knows.", ex.Message, StringComparison.Ordinal);
        Assert.Contains(fix, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, ex.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, other.Requests);
    }

    [Fact]
    public async Task Locate_EveryLocatorFails_TheTokenIsInNoMessage()
    {
        await using var failing = Refusing(500, "Internal Server Error", "The store is unreachable.");
        using var client = NewClient(o => o.Token = Token, failing.Url);

        var ex = await Assert.ThrowsAsync<LocatorUnavailableException>(() => client.LocateAsync("erp").DefaultTimeout());

        Assert.Contains("The store is unreachable.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_401WithoutAProblem_IsStillAnAnswer()
    {
        await using var refusing = new LoopbackHttpServer(_ => LoopbackHttpServer.Response("401 Unauthorized", string.Empty, "WWW-Authenticate: Bearer"));
        using var client = NewClient(null, refusing.Url);

        var ex = await Assert.ThrowsAsync<LocatorAccessDeniedException>(() => client.ConnectTcpAsync("erp").DefaultTimeout());

        Assert.Equal(401, ex.Problem!.Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("line\nbreak")]
    public void Options_TokenThatCannotTravelInAHeader_IsRefusedWithoutQuotingIt(string token)
    {
        var options = new LocatorClientOptions { Locators = { new Uri("http://127.0.0.1:7400") }, Token = token };

        var error = Assert.Single(LocatorClientOptionsValidator.Validate(options));

        Assert.StartsWith("LocatorClientOptions.Token is empty or has a character", error, StringComparison.Ordinal);
        Assert.True(token.Length == 0 || !error.Contains(token, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("10.0.0.1/8")]
    [InlineData("not-a-range")]
    public void Options_AllowedNetworkThatIsNotARange_IsRefused(string network)
    {
        var options = new LocatorClientOptions { Locators = { new Uri("http://127.0.0.1:7400") }, AllowedNetworks = { network } };

        Assert.StartsWith($"LocatorClientOptions.AllowedNetworks has '{network}'", Assert.Single(LocatorClientOptionsValidator.Validate(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void Options_MaxPlacementTtlLongerThanADay_IsRefused()
    {
        var options = new LocatorClientOptions { Locators = { new Uri("http://127.0.0.1:7400") }, MaxPlacementTtl = TimeSpan.FromDays(2) };

        Assert.StartsWith("LocatorClientOptions.MaxPlacementTtl is 2.00:00:00", Assert.Single(LocatorClientOptionsValidator.Validate(options)), StringComparison.Ordinal);
    }
}
