using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Locator;

public sealed class RegistrationTests
{
    private const string Token = "0123456789abcdef-controller-token";

    [Fact]
    public async Task Report_Valid_AnswersHealthLeaseAndInterval()
    {
        await using var locator = await TestLocator.StartAsync();

        using var response = await locator.ReportAsync("a", Reports.Create(sessions: 250, members: 4, healthyMembers: 3));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var accepted = System.Text.Json.JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.ReportAccepted)!;
        Assert.Equal(0.75 * 0.75, accepted.Health, 6);
        Assert.Equal(3000, accepted.LeaseMs);
        Assert.Equal(1000, accepted.ReportIntervalMs);
        Assert.Contains("\"leaseMs\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_OlderSeq_Returns409AndKeepsNewerState()
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("a", Reports.Create(sessions: 10, seq: 5));

        using var response = await locator.ReportAsync("a", Reports.Create(sessions: 999, seq: 4));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("older than seq 5", (await locator.ProblemAsync(response)).Detail, StringComparison.Ordinal);
        Assert.Equal(10, (await locator.ClustersAsync()).Clusters.Single().Load.Sessions);
    }

    [Fact]
    public async Task Report_NewIncarnation_ReplacesStateWhateverItsSeq()
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("a", Reports.Create(sessions: 10, seq: 50, incarnation: "old"));

        await locator.RegisterAsync("a", Reports.Create(sessions: 20, seq: 1, incarnation: "new"));

        Assert.Equal(20, (await locator.ClustersAsync()).Clusters.Single().Load.Sessions);
    }

    [Fact]
    public async Task Deregister_RemovesCluster()
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("a", Reports.Create());

        Assert.Equal("inc-1", (await locator.ClustersAsync()).Clusters.Single().Incarnation);

        using var response = await locator.Http.DeleteAsync("v1/clusters/a?incarnation=inc-1").DefaultTimeout();

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty((await locator.ClustersAsync()).Clusters);
    }

    [Fact]
    public async Task Deregister_WithoutTheIncarnation_Returns400NamingTheFix_AndRemovesNothing()
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("a", Reports.Create());

        using var response = await locator.Http.DeleteAsync("v1/clusters/a").DefaultTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await locator.ProblemAsync(response);
        Assert.Contains("?incarnation=", Assert.Single(problem.Errors!), StringComparison.Ordinal);
        Assert.Single((await locator.ClustersAsync()).Clusters);
    }

    [Fact]
    public async Task Deregister_OfAnOldIncarnation_Returns409_AndTheReplacementStays()
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("a", Reports.Create(incarnation: "old"));
        await locator.RegisterAsync("a", Reports.Create(incarnation: "new"));

        // The old instance, draining late, deregisters after its replacement registered.
        using var response = await locator.Http.DeleteAsync("v1/clusters/a?incarnation=old").DefaultTimeout();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("is now incarnation 'new'", (await locator.ProblemAsync(response)).Detail, StringComparison.Ordinal);
        Assert.Equal("new", (await locator.ClustersAsync()).Clusters.Single().Incarnation);
    }

    [Fact]
    public async Task Report_WithoutToken_Returns401AndRegistersNothing()
    {
        await using var locator = await TestLocator.StartAsync(o => o.ControllerToken = Token);

        using var none = await locator.ReportAsync("rogue", Reports.Create());
        using var wrong = await locator.ReportAsync("rogue", Reports.Create(), token: Token + "x");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Empty((await locator.ClustersAsync()).Clusters);
    }

    [Fact]
    public async Task Report_WithToken_IsAccepted_AndDeregisterNeedsItToo()
    {
        await using var locator = await TestLocator.StartAsync(o => o.ControllerToken = Token);
        await locator.RegisterAsync("a", Reports.Create(), Token);

        using var anonymousDelete = await locator.Http.DeleteAsync("v1/clusters/a?incarnation=inc-1").DefaultTimeout();
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousDelete.StatusCode);
        Assert.Single((await locator.ClustersAsync()).Clusters);

        using var delete = new HttpRequestMessage(HttpMethod.Delete, "v1/clusters/a?incarnation=inc-1");
        delete.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var deleted = await locator.Http.SendAsync(delete).DefaultTimeout();
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty((await locator.ClustersAsync()).Clusters);
    }

    public static TheoryData<string, string, string> InvalidBodies => new()
    {
        { "a", "{\"service\": \"erp\",", "not a valid cluster report" },
        { "a", "not json at all", "not a valid cluster report" },
        { "a", "", "not a valid cluster report" },
        { "a", "{\"service\":\"erp\",\"incarnation\":\"i\",\"seq\":1,\"endpoints\":[{\"protocol\":\"tcp\",\"address\":\"127.0.0.1:1\"}],\"load\":{\"sessions\":1,\"capacity\":10,\"cpu\":1.5}}", "'load.cpu' is 1.5" },
        { "a", "{\"service\":\"erp\",\"incarnation\":\"i\",\"seq\":1,\"endpoints\":[{\"protocol\":\"tcp\",\"address\":\"127.0.0.1:1\"}],\"load\":{\"sessions\":1,\"capacity\":0}}", "'load.capacity' is 0" },
        { "a", "{\"service\":\"erp\",\"incarnation\":\"i\",\"seq\":1,\"endpoints\":[{\"protocol\":\"tcp\",\"address\":\"127.0.0.1:99999\"}],\"load\":{\"sessions\":1,\"capacity\":10}}", "'endpoints[0].address'" },
        { "a", "{\"service\":\"erp\",\"incarnation\":\"i\",\"seq\":1,\"endpoints\":[{\"protocol\":\"tcp\",\"address\":\"127.0.0.1:1\"}],\"load\":{\"sessions\":\"1\",\"capacity\":10}}", "not a valid cluster report" },
        { "bad%20id", "{\"service\":\"erp\",\"incarnation\":\"i\",\"seq\":1,\"endpoints\":[{\"protocol\":\"tcp\",\"address\":\"127.0.0.1:1\"}],\"load\":{\"sessions\":1,\"capacity\":10}}", "The cluster id 'bad id' is invalid" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Report_Invalid_Returns400WithDetailAndChangesNothing(string clusterId, string body, string expected)
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("a", Reports.Create(sessions: 7));

        using var response = await locator.Http.PutAsync($"v1/clusters/{clusterId}", new StringContent(body, Encoding.UTF8, "application/json")).DefaultTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (await locator.ProblemAsync(response)).Detail, StringComparison.Ordinal);
        var cluster = Assert.Single((await locator.ClustersAsync()).Clusters);
        Assert.Equal(7, cluster.Load.Sessions);
    }

    [Fact]
    public async Task Report_ManyProblems_ListsEveryOne()
    {
        await using var locator = await TestLocator.StartAsync();
        const string body = "{\"service\":\"e rp\",\"seq\":-1,\"endpoints\":[{\"protocol\":\"udp\",\"address\":\"x\"}],\"load\":{\"sessions\":-1,\"capacity\":0}}";

        using var response = await locator.Http.PutAsync("v1/clusters/a", new StringContent(body, Encoding.UTF8, "application/json")).DefaultTimeout();

        var problem = await locator.ProblemAsync(response);
        Assert.Equal(6, problem.Errors!.Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Report_200KiBBody_Returns413AndChangesNothing(bool chunked)
    {
        await using var locator = await TestLocator.StartAsync();
        var body = "{\"service\":\"" + new string('x', 200 * 1024) + "\"}";
        HttpContent content = chunked
            ? new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)))
            : new StringContent(body, Encoding.UTF8, "application/json");
        if (chunked)
        {
            content.Headers.ContentLength = null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Put, "v1/clusters/a") { Content = content };
        if (chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        using var response = await locator.Http.SendAsync(request).DefaultTimeout();

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty((await locator.ClustersAsync()).Clusters);
    }
}
