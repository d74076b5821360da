using System.Net;
using System.Text;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.Extensions.Time.Testing;
using static ClusterLocator.Client.Tests.LocatorAnswers;

namespace ClusterLocator.Client.Tests;

public sealed class LocatorClientFailoverTests
{
    // Longer than DefaultTimeout: a locator timeout that ran on the real clock would fail the test.
    private static readonly TimeSpan LocatorTimeout = TimeSpan.FromMinutes(1);
    private readonly FakeHttpServers _locators = new();
    private readonly FakeTimeProvider _time = new();

    // Caching off: every locate reaches a locator, so the order of the calls is the failover order.
    private LocatorClient NewClient(params Uri[] locators) =>
        TestClients.Create(
            _locators,
            _time,
            configure: o =>
            {
                o.CachePlacements = false;
                o.LocatorTimeout = LocatorTimeout;
            },
            locatorUrls: locators);

    [Fact]
    public async Task Locate_FirstLocatorDown_AsksTheNextAndRemembersIt()
    {
        _locators.Answer(B, _ => Placement("a"));
        using var client = NewClient(A, B);

        var placement = await client.LocateAsync("erp").DefaultTimeout();
        await client.LocateAsync("erp").DefaultTimeout();

        Assert.Equal("a", placement.ClusterId);
        Assert.Equal(TcpAddress("a"), placement.Address);
        Assert.Equal(["locator-a", "locator-b", "locator-b"], _locators.HostsAsked);
        Assert.Equal(B, client.PreferredLocator);
    }

    [Fact]
    public async Task Locate_FirstLocatorSilent_AsksTheNextAfterLocatorTimeout()
    {
        var asked = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        _locators.Answer(A, Hang(asked));
        _locators.Answer(B, _ => Placement("b"));
        using var client = NewClient(A, B);

        var locate = client.LocateAsync("erp");
        var request = await asked.Task.DefaultTimeout();
        _time.Advance(LocatorTimeout - TimeSpan.FromMilliseconds(1));
        Assert.False(request.IsCancellationRequested, "The locator was given up on before LocatorTimeout.");
        Assert.Single(_locators.Requests);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        var placement = await locate.DefaultTimeout();

        Assert.Equal("b", placement.ClusterId);
        Assert.Equal(["locator-a", "locator-b"], _locators.HostsAsked);
        Assert.Equal(B, client.PreferredLocator);
    }

    [Theory]
    [InlineData("500 problem")]
    [InlineData("500 without a problem")]
    [InlineData("503 warming up")]
    [InlineData("404 without a problem")]
    [InlineData("404 problem")]
    [InlineData("200 that is not a placement")]
    public async Task Locate_FirstLocatorCannotAnswer_AsksTheNextAndRemembersIt(string answer)
    {
        _locators.Answer(A, _ => answer switch
        {
            "500 problem" => Problem(HttpStatusCode.InternalServerError, "about:blank", "The store is unreachable."),
            "500 without a problem" => new HttpResponseMessage(HttpStatusCode.InternalServerError),
            "503 warming up" => WarmingUp(),
            "404 without a problem" => new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("<html>Not Found</html>", Encoding.UTF8, "text/html") },
            "404 problem" => Problem(HttpStatusCode.NotFound, "about:blank", "No such route."),
            _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>Welcome</html>", Encoding.UTF8, "text/html") },
        });
        _locators.Answer(B, _ => Placement("b"));
        using var client = NewClient(A, B);

        var placement = await client.LocateAsync("erp").DefaultTimeout();
        await client.LocateAsync("erp").DefaultTimeout();

        Assert.Equal("b", placement.ClusterId);
        Assert.Equal(["locator-a", "locator-b", "locator-b"], _locators.HostsAsked);
    }

    [Fact]
    public async Task Locate_NoEligibleCluster_IsTheAnswerNotAFailover()
    {
        _locators.Answer(A, _ => NoEligible());
        _locators.Answer(B, _ => Placement("b"));
        using var client = NewClient(A, B);

        var ex = await Assert.ThrowsAsync<NoEligibleClusterException>(() => client.LocateAsync("erp").DefaultTimeout());

        Assert.Equal(["locator-a"], _locators.HostsAsked);
        Assert.Equal("erp", ex.Service);
        Assert.Equal(A, ex.Locator);
        Assert.Equal(ProblemTypes.NoEligibleCluster, ex.Problem!.Type);
        Assert.Equal(NoEligibleDetail, ex.Problem.Detail);
        Assert.Contains(NoEligibleDetail, ex.Message, StringComparison.Ordinal);
        Assert.Empty(ex.FailedAttempts);
    }

    [Fact]
    public async Task Locate_NoEligibleFromTheSecondLocator_AsksThatLocatorFirstNextTime()
    {
        _locators.Answer(B, _ => NoEligible());
        using var client = NewClient(A, B);

        await Assert.ThrowsAsync<NoEligibleClusterException>(() => client.LocateAsync("erp").DefaultTimeout());
        await Assert.ThrowsAsync<NoEligibleClusterException>(() => client.LocateAsync("erp").DefaultTimeout());

        // The second call must not wait on the dead locator again: the live one answered.
        Assert.Equal(["locator-a", "locator-b", "locator-b"], _locators.HostsAsked);
    }

    [Fact]
    public async Task Locate_InvalidRequestProblem_IsThrownWithoutAskingAnotherLocator()
    {
        _locators.Answer(A, _ => Problem(HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest, "'zone' is 'x y': use letters, digits, '.', '_' or '-'."));
        _locators.Answer(B, _ => Placement("b"));
        using var client = NewClient(A, B);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.LocateAsync("erp").DefaultTimeout());

        Assert.Contains("'zone' is 'x y'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["locator-a"], _locators.HostsAsked);
    }

    [Fact]
    public async Task Locate_EveryLocatorFails_ThrowsLocatorUnavailableListingEachReason()
    {
        var webSite = new Uri("http://www.example.test/");
        _locators.Answer(B, _ => WarmingUp());
        _locators.Answer(C, _ => Problem(HttpStatusCode.InternalServerError, "about:blank", "The store is unreachable."));
        _locators.Answer(webSite, _ => new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("<html>Not Found</html>", Encoding.UTF8, "text/html") });
        using var client = NewClient(A, B, C, webSite);

        var ex = await Assert.ThrowsAsync<LocatorUnavailableException>(() => client.LocateAsync("erp").DefaultTimeout());

        Assert.Collection(
            ex.Failures,
            a => Assert.Equal($"{A}: Connection refused (locator-a:7400)", a),
            b => Assert.Equal($"{B} is warming up: The locator started 1s ago and is waiting for clusters to report.", b),
            c => Assert.Equal($"{C} answered 500 InternalServerError: The store is unreachable.", c),
            d => Assert.Equal($"{webSite} answered 404 Not Found, not a locator problem: is it a locator's URL?", d));
        foreach (var failure in ex.Failures)
        {
            Assert.Contains(failure, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Locate_EveryLocatorSilent_ThrowsLocatorUnavailableSayingEachTimedOut()
    {
        var askedA = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var askedB = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        _locators.Answer(A, Hang(askedA));
        _locators.Answer(B, Hang(askedB));
        using var client = NewClient(A, B);

        var locate = client.LocateAsync("erp");
        await askedA.Task.DefaultTimeout();
        _time.Advance(LocatorTimeout);
        await askedB.Task.DefaultTimeout();
        _time.Advance(LocatorTimeout);
        var ex = await Assert.ThrowsAsync<LocatorUnavailableException>(() => locate.DefaultTimeout());

        Assert.Equal([$"{A}: no answer within 60s", $"{B}: no answer within 60s"], ex.Failures);
    }

    [Fact]
    public async Task Locate_AfterThePreferredLocatorFails_TriesTheOthersInTheConfiguredOrder()
    {
        _locators.Answer(B, _ => Placement("b"));
        using var client = NewClient(A, B, C);
        await client.LocateAsync("erp").DefaultTimeout();
        Assert.Equal(B, client.PreferredLocator);

        _locators.Unreachable(B);
        _locators.Answer(C, _ => Placement("c"));
        var placement = await client.LocateAsync("erp").DefaultTimeout();

        // B first, as it answered last; then A and C as configured, not the rotation B, C, A.
        Assert.Equal("c", placement.ClusterId);
        Assert.Equal(["locator-a", "locator-b", "locator-b", "locator-a", "locator-c"], _locators.HostsAsked);
        Assert.Equal(C, client.PreferredLocator);
    }

    [Fact]
    public async Task Locate_SendsServiceProtocolZoneExcludeAndKey()
    {
        _locators.Answer(A, _ => Placement("a"));
        using var client = NewClient(A);

        await client.LocateAsync("erp", new LocateOptions { Protocol = Protocols.Tcp, Zone = "eu-1", Key = "user 7", Exclude = ["x", "y"] }).DefaultTimeout();

        var request = Assert.Single(_locators.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("/v1/locate", request.Uri.AbsolutePath);
        Assert.Equal("erp", request.Query("service"));
        Assert.Equal("tcp", request.Query("protocol"));
        Assert.Equal("eu-1", request.Query("zone"));
        Assert.Equal("x,y", request.Query("exclude"));
        Assert.Equal("user 7", request.Query("key"));
    }

    [Fact]
    public async Task Locate_LocatorUrlWithAPath_AsksUnderThatPath()
    {
        var behindGateway = new Uri("http://gateway:8080/locator");
        _locators.Answer(behindGateway, _ => Placement("a"));
        using var client = NewClient(behindGateway);

        await client.LocateAsync("erp").DefaultTimeout();

        Assert.Equal("/locator/v1/locate", Assert.Single(_locators.Requests).Uri.AbsolutePath);
    }

    [Fact]
    public async Task Locate_InvalidService_ThrowsBeforeAskingAnyLocator()
    {
        using var client = NewClient(A);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.LocateAsync("not a service").DefaultTimeout());

        Assert.Contains("'service' is 'not a service'", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_locators.Requests);
    }

    [Fact]
    public async Task Locate_ExcludeEntries_AreReadAsTheQueryIs_SpacesAndBlanksDropped_CommasSplit()
    {
        _locators.Answer(A, _ => Placement("a"));
        using var client = NewClient(A);

        await client.LocateAsync("erp", new LocateOptions { Exclude = [" x", "", "y,z "] }).DefaultTimeout();

        Assert.Equal("x,y,z", Assert.Single(_locators.Requests).Query("exclude"));
    }

    [Fact]
    public async Task Locate_InvalidExcludedClusterId_ThrowsBeforeAskingAnyLocator()
    {
        using var client = NewClient(A);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.LocateAsync("erp", new LocateOptions { Exclude = ["ok", "b@d"] }).DefaultTimeout());

        Assert.Contains("'exclude' has 'b@d'", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_locators.Requests);
    }
}
