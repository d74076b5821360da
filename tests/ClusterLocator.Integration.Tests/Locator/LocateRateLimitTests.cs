using System.Net;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Locator;

/// <summary>
/// The attack: one client sends locates as fast as it can. Past <c>--client-rate</c> a second it gets
/// 429 with <c>Retry-After</c>, and a problem naming the limit and the flag; another client is served.
/// </summary>
public sealed class LocateRateLimitTests
{
    private const int Rate = 5;

    /// <summary>
    /// Locates up to 200 times in a row; the window is one second and loopback answers in well under that, so
    /// some must be refused. Returns the first refusal, after checking that the first answers were placed.
    /// </summary>
    private static async Task<HttpResponseMessage> FloodUntilRefusedAsync(LocateClient client)
    {
        var placed = 0;
        for (var i = 0; i < 200; i++)
        {
            var response = await client.LocateAsync("service=erp");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(placed >= Rate, $"Refused after {placed} locates; the rate allows {Rate} a second.");
                return response;
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            placed++;
            response.Dispose();
        }

        Assert.Fail($"200 locates in a row were all answered; the rate allows {Rate} a second.");
        return null!;
    }

    private static async Task<Problem> AssertRateLimitedAsync(TestLocator locator, HttpResponseMessage refused)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        var problem = await locator.ProblemAsync(refused);
        Assert.Equal(ProblemTypes.RateLimited, problem.Type);
        Assert.Equal(429, problem.Status);
        Assert.Contains($"at most {Rate} locates a second from one client (--client-rate", problem.Detail, StringComparison.Ordinal);
        return problem;
    }

    [Fact]
    public async Task AClientPastTheRate_Gets429WithRetryAfter_AndAnotherAddressIsServed()
    {
        await using var locator = await TestLocator.StartAsync(options => options.ClientRate = Rate);
        await locator.RegisterAsync("a", Reports.Create());
        using var flooder = new LocateClient(locator.BaseAddress, source: IPAddress.Parse("127.0.0.2"));
        using var other = new LocateClient(locator.BaseAddress, source: IPAddress.Parse("127.0.0.3"));

        using var refused = await FloodUntilRefusedAsync(flooder);

        var problem = await AssertRateLimitedAsync(locator, refused);
        Assert.Contains("address 127.0.0.2 has asked more", problem.Detail, StringComparison.Ordinal);
        Assert.Equal("a", (await other.LocateOkAsync("service=erp")).ClusterId);
    }

    [Fact]
    public async Task AClientPastTheRate_Gets429_AndAnotherCredentialFromTheSameAddressIsServed()
    {
        const string FlooderToken = "flooder-token-0123456789abcdef";
        const string OtherToken = "other-token-0123456789abcdef";
        using var credentials = new ClientCredentialsFile();
        credentials.Write(DateTime.UtcNow, ("flooder", FlooderToken, "erp"), ("other", OtherToken, "erp"));
        await using var locator = await TestLocator.StartAsync(options =>
        {
            options.ClientRate = Rate;
            options.ClientCredentials = credentials.Path;
        });
        await locator.RegisterAsync("a", Reports.Create());
        using var flooder = new LocateClient(locator.BaseAddress, FlooderToken);
        using var other = new LocateClient(locator.BaseAddress, OtherToken);

        using var refused = await FloodUntilRefusedAsync(flooder);

        var problem = await AssertRateLimitedAsync(locator, refused);
        Assert.Contains("credential 'flooder' has asked more", problem.Detail, StringComparison.Ordinal);
        Assert.Equal("a", (await other.LocateOkAsync("service=erp")).ClusterId);
    }
}
