using System.Net;
using ClusterLocator.Controller.Load;
using ClusterLocator.Controller.Reporting;
using ClusterLocator.Protocol;
using ClusterLocator.Protocol.Supervision;
using ClusterLocator.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Controller.Tests.Reporting;

public sealed class ReportingAgentTests : IAsyncLifetime
{
    private static readonly Uri LocatorA = new("http://127.0.0.1:1/");
    private static readonly Uri LocatorB = new("http://127.0.0.1:2/");
    private readonly CountingTimeProvider _time = new();
    private readonly FakeLocatorHandler _locators = new();
    private readonly ListLogger<ReportingAgent> _logger = new();
    private readonly ControllerOptions _options = new() { ClusterId = "a", Service = "erp", Capacity = 10, Token = "secret-token-0123456789", Zone = "eu-1" };
    private readonly AdvertisedEndpoints _endpoints = new();
    private ReportingAgent _agent = null!;

    public Task InitializeAsync()
    {
        _options.Locators.Add(LocatorA);
        _options.Locators.Add(LocatorB);
        _endpoints.Publish([new ClusterEndpoint(Protocols.Tcp, "127.0.0.1:9001")]);
        _agent = NewAgent(Stall);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _agent.StopAsync(CancellationToken.None).DefaultTimeout();
        _agent.Dispose();
    }

    /// <summary>A request deadline no pause of a busy machine reaches: the tests move the report clock themselves.</summary>
    private static readonly TimeSpan Stall = TimeSpan.FromMinutes(10);

    private ReportingAgent NewAgent(TimeSpan requestTimeout) =>
        new(_options, new FixedLoad(), _endpoints, new ChangeWatch(new SessionGate(10), null), new HttpClient(_locators), _time, new TaskSupervisor(new RecordingSupervisionObserver(), _time, TaskSupervisor.DefaultBackoffs(new Random(1))), _logger)
        {
            RequestTimeout = requestTimeout,
        };

    private IEnumerable<ClusterReport> ReportsTo(Uri locator) =>
        _locators.Requests.Where(r => r.Method == HttpMethod.Put && r.Uri.Authority == locator.Authority).Select(r => r.Report!);

    [Fact]
    public async Task Start_ReportsWholeStateToEveryLocator_WithToken()
    {
        await _agent.StartAsync(CancellationToken.None).DefaultTimeout();

        await Eventually.HoldsAsync(() => ReportsTo(LocatorA).Any() && ReportsTo(LocatorB).Any(), "a report to each locator");
        var request = _locators.Requests[0];
        Assert.Equal("Bearer secret-token-0123456789", request.Authorization);
        Assert.Equal("/v1/clusters/a", request.Uri.AbsolutePath);
        var report = request.Report!;
        Assert.Equal("erp", report.Service);
        Assert.Equal(_agent.Incarnation, report.Incarnation);
        Assert.Equal("eu-1", report.Zone);
        Assert.Equal(ClusterStates.Active, report.State);
        Assert.Equal("127.0.0.1:9001", Assert.Single(report.Endpoints!).Address);
        Assert.Equal(7, report.Load!.Sessions);
        Assert.Empty(ReportValidatorErrors(report));
    }

    [Fact]
    public async Task Interval_FromLocatorAnswer_IsAdopted_AndSeqIncreases()
    {
        _locators.Answer = (_, _) => Task.FromResult(FakeLocatorHandler.Accepted(5000));
        await _agent.StartAsync(CancellationToken.None).DefaultTimeout();

        // Each loop waits on a timer after its report. The wait itself shows the answered interval was
        // adopted: checking that no report follows a shorter advance would race the asynchronous send.
        await Eventually.HoldsAsync(() => _time.TimersCreated >= 2, "both loops to wait for their next report");
        Assert.All(_time.DueTimes, due => Assert.InRange(due, TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(5)));
        Assert.Single(ReportsTo(LocatorA));

        _time.Advance(TimeSpan.FromSeconds(5));
        await Eventually.HoldsAsync(() => ReportsTo(LocatorA).Count() == 2, "the second report after 5 s");
        var seqs = ReportsTo(LocatorA).Select(r => r.Seq!.Value).ToList();
        Assert.True(seqs[1] > seqs[0]);
    }

    [Fact]
    public async Task NewestReportRefusedAsOutOfOrder_TakesANewIncarnation_FromSeq1_AndWarns()
    {
        // Someone pinned the cluster at a locator with a huge seq of this incarnation.
        var pinned = _agent.Incarnation;
        _locators.Answer = (request, _) => Task.FromResult(request.RequestUri!.Authority == LocatorA.Authority && _locators.Requests.Count(r => r.Uri.Authority == LocatorA.Authority) == 1
            ? FakeLocatorHandler.Problem(HttpStatusCode.Conflict, "Report seq 1 is older than seq 9223372036854775807 already accepted.")
            : FakeLocatorHandler.Accepted(1000));
        await _agent.StartAsync(CancellationToken.None).DefaultTimeout();
        await Eventually.HoldsAsync(() => _logger.Entries.Any(e => e.Id.Name == "IncarnationReplaced"), "the agent to take a new incarnation");

        Assert.NotEqual(pinned, _agent.Incarnation);
        await Eventually.HoldsAsync(() => _time.TimersCreated >= 2, "both loops to wait for their next report");
        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.HoldsAsync(() => ReportsTo(LocatorA).Count() == 2, "the next report to A");
        var next = ReportsTo(LocatorA).Last();
        Assert.Equal(_agent.Incarnation, next.Incarnation);
        Assert.True(next.Seq <= 3, $"the new incarnation starts its seq again, got {next.Seq}");
    }

    [Fact]
    public async Task OlderReportRefusedAsOutOfOrder_AfterANewerWasSent_KeepsTheIncarnation()
    {
        var incarnation = _agent.Incarnation;
        var first = new TaskCompletionSource();
        var held = new TaskCompletionSource();
        var answersToA = 0;
        _locators.Answer = async (request, cancellationToken) =>
        {
            if (request.RequestUri!.Authority != LocatorA.Authority)
            {
                return FakeLocatorHandler.Accepted(1000);
            }

            if (Interlocked.Increment(ref answersToA) == 1)
            {
                // The periodic report is held until the draining one has overtaken it, as on a busy network.
                held.TrySetResult();
                await first.Task.WaitAsync(cancellationToken);
                return FakeLocatorHandler.Problem(HttpStatusCode.Conflict, "Report seq 1 is older than seq 3 already accepted.");
            }

            first.TrySetResult();
            return FakeLocatorHandler.Accepted(1000);
        };
        await _agent.StartAsync(CancellationToken.None).DefaultTimeout();
        await held.Task.DefaultTimeout();

        await _agent.ReportStateAsync(ClusterStates.Draining, CancellationToken.None).DefaultTimeout();
        await Eventually.HoldsAsync(() => _logger.Entries.Any(e => e.Id.Name == "ReportOutOfOrder"), "the older report to be refused");

        Assert.Equal(incarnation, _agent.Incarnation);
        Assert.DoesNotContain(_logger.Entries, e => e.Id.Name == "IncarnationReplaced");
    }

    [Fact]
    public async Task HungLocator_DoesNotDelayTheOther()
    {
        var hung = new TaskCompletionSource();
        _locators.Answer = async (request, cancellationToken) =>
        {
            if (request.RequestUri!.Authority == LocatorA.Authority)
            {
                await hung.Task.WaitAsync(cancellationToken);
            }

            return FakeLocatorHandler.Accepted(1000);
        };
        await _agent.StartAsync(CancellationToken.None).DefaultTimeout();

        for (var i = 1; i <= 3; i++)
        {
            var timers = i;
            await Eventually.HoldsAsync(() => ReportsTo(LocatorB).Count() >= timers && _time.TimersCreated >= timers, $"report {timers} to the live locator");
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        // Locator A is still on its first report, which has not answered.
        Assert.Single(ReportsTo(LocatorA));
        hung.SetResult();
    }

    [Fact]
    public async Task HungLocator_ReportIsGivenUpAtTheRequestTimeout_AndLogged()
    {
        _agent.Dispose();
        _agent = NewAgent(TimeSpan.FromMilliseconds(200));
        _locators.Answer = async (request, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return FakeLocatorHandler.Accepted(1000);
        };
        await _agent.StartAsync(CancellationToken.None).DefaultTimeout();

        await Eventually.HoldsAsync(() => _logger.Entries.Count(e => e.Id.Name == "LocatorFailed") >= 2, "both hung reports to be given up");
        Assert.All(
            _logger.Entries.Where(e => e.Id.Name == "LocatorFailed"),
            e => Assert.Contains("no answer within 0.2s", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unauthorized_IsLoggedAsTokenProblem()
    {
        _locators.Answer = (_, _) => Task.FromResult(FakeLocatorHandler.Problem(HttpStatusCode.Unauthorized, "token"));
        await _agent.StartAsync(CancellationToken.None).DefaultTimeout();

        await Eventually.HoldsAsync(() => _logger.Entries.Any(e => e.Id.Name == "Unauthorized"), "the token error to be logged");
        var message = _logger.Entries.First(e => e.Id.Name == "Unauthorized").Message;
        Assert.Contains("ControllerOptions.Token", message, StringComparison.Ordinal);
        Assert.Contains("--token-file", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejected_LogsTheLocatorsDetail()
    {
        _locators.Answer = (_, _) => Task.FromResult(FakeLocatorHandler.Problem(HttpStatusCode.BadRequest, "'load.capacity' is 0: it must be more than 0."));
        await _agent.StartAsync(CancellationToken.None).DefaultTimeout();

        await Eventually.HoldsAsync(() => _logger.Entries.Any(e => e.Id.Name == "ReportRejected" && e.Message.Contains("'load.capacity' is 0", StringComparison.Ordinal)), "the rejection to be logged with its detail");
    }

    [Fact]
    public async Task LocatorAtALimit_429_IsRetriedAsAWarningNotAConfigurationError()
    {
        _locators.Answer = (_, _) => Task.FromResult(FakeLocatorHandler.Problem(HttpStatusCode.TooManyRequests, "The locator holds 10000 clusters, its limit (--max-clusters)."));
        await _agent.StartAsync(CancellationToken.None).DefaultTimeout();

        await Eventually.HoldsAsync(() => _logger.Entries.Any(e => e.Id.Name == "LocatorFailed" && e.Message.Contains("--max-clusters", StringComparison.Ordinal)), "the limit to be logged as a locator failure with its detail");
        Assert.DoesNotContain(_logger.Entries, e => e.Id.Name == "ReportRejected");
    }

    [Fact]
    public async Task ReportStateAndDeregister_ReachEveryLocator()
    {
        await _agent.StartAsync(CancellationToken.None).DefaultTimeout();

        await _agent.ReportStateAsync(ClusterStates.Draining, CancellationToken.None).DefaultTimeout();
        await _agent.DeregisterAsync(CancellationToken.None).DefaultTimeout();

        Assert.Contains(ReportsTo(LocatorA), r => r.State == ClusterStates.Draining);
        Assert.Contains(ReportsTo(LocatorB), r => r.State == ClusterStates.Draining);
        Assert.Equal(2, _locators.Requests.Count(r => r.Method == HttpMethod.Delete));
    }

    [Fact]
    public void Spread_WaitsNinetyToHundredPercentOfTheInterval_NotTheSameEachTime()
    {
        var delays = Enumerable.Range(0, 200).Select(_ => ReportingAgent.Spread(TimeSpan.FromSeconds(1)).TotalMilliseconds).ToList();

        Assert.All(delays, delay => Assert.InRange(delay, 900, 1000));
        Assert.True(delays.Max() - delays.Min() > 50, $"200 waits span only {delays.Min():0.0}–{delays.Max():0.0} ms: controllers started together would report in step.");
    }

    [Theory]
    [InlineData(1, 500, 1000)]
    [InlineData(2, 1000, 2000)]
    [InlineData(10, 2500, 5000)]
    public void Backoff_GrowsFromTheInterval_CappedAndJittered(int failures, double minMs, double maxMs)
    {
        for (var i = 0; i < 100; i++)
        {
            var delay = ReportingAgent.Backoff(TimeSpan.FromSeconds(1), failures).TotalMilliseconds;
            Assert.InRange(delay, minMs, maxMs);
        }
    }

    private static IReadOnlyList<string> ReportValidatorErrors(ClusterReport report) =>
        ClusterLocator.Protocol.Validation.ReportValidator.Validate("a", report);

    private sealed class FixedLoad : IClusterLoadSource
    {
        public ClusterLoad GetLoad() => new() { Sessions = 7, Capacity = 10 };
    }
}
