using ClusterLocator.Controller.Load;
using ClusterLocator.Controller.Members;
using ClusterLocator.Controller.Reporting;
using ClusterLocator.Protocol;
using ClusterLocator.Protocol.Supervision;
using ClusterLocator.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterLocator.Controller.Tests.Reporting;

/// <summary>
/// Change-triggered reports on a fake clock: a report as soon as the sessions moved by the threshold
/// (or a member's health changed), never sooner than the floor after the previous one, and the
/// periodic report still every interval.
/// </summary>
public sealed class ReportOnChangeTests : IAsyncLifetime
{
    private static readonly Uri Locator = new("http://127.0.0.1:1/");
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Floor = TimeSpan.FromMilliseconds(100);
    private readonly CountingTimeProvider _time = new();
    private readonly FakeLocatorHandler _locator = new();
    private readonly List<DateTimeOffset> _reportedAt = [];
    private readonly SessionGate _gate = new(100);
    private readonly MemberSet _members = new(["127.0.0.1:7001", "127.0.0.1:7002"]);
    private readonly ControllerOptions _options = new() { ClusterId = "a", Service = "erp", Capacity = 100, ReportInterval = Interval, ReportOnChange = Floor, ReportHostUsage = false };
    private ReportingAgent _agent = null!;

    public Task InitializeAsync()
    {
        _options.Locators.Add(Locator);
        var endpoints = new AdvertisedEndpoints();
        endpoints.Publish([new ClusterEndpoint(Protocols.Tcp, "127.0.0.1:9001")]);
        _locator.Answer = (_, _) =>
        {
            lock (_reportedAt)
            {
                _reportedAt.Add(_time.GetUtcNow());
            }

            return Task.FromResult(FakeLocatorHandler.Accepted((long)Interval.TotalMilliseconds));
        };
        _agent = new ReportingAgent(
            _options,
            new ControllerLoadSource(_options, _gate, _members, new HostUsage(_options, TimeProvider.System, NullLogger<HostUsage>.Instance)),
            endpoints,
            new ChangeWatch(_gate, _members),
            new HttpClient(_locator),
            _time,
            new TaskSupervisor(new RecordingSupervisionObserver(), _time, TaskSupervisor.DefaultBackoffs(new Random(1))),
            new ListLogger<ReportingAgent>())
        {
            // A request deadline no pause of a busy machine reaches: the deadline runs on the wall clock,
            // and a report given up there backs off for half an interval or more on the fake clock, where
            // no floor-by-floor advance shows a new timer or a report.
            RequestTimeout = TimeSpan.FromMinutes(10),
        };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _agent.StopAsync(CancellationToken.None).DefaultTimeout();
        _agent.Dispose();
        _gate.Dispose();
    }

    private List<ClusterReport> Reports => [.. _locator.Requests.Where(r => r.Method == HttpMethod.Put).Select(r => r.Report!)];

    /// <summary>The reports answered: each is in <see cref="Reports"/> and has its time in <see cref="_reportedAt"/>.</summary>
    private int Answered
    {
        get
        {
            lock (_reportedAt)
            {
                return _reportedAt.Count;
            }
        }
    }

    private TimeSpan Between(int earlier, int later)
    {
        lock (_reportedAt)
        {
            return _reportedAt[later] - _reportedAt[earlier];
        }
    }

    /// <summary>Starts the agent and returns once its first report is in and its loop waits on a timer.</summary>
    private async Task StartAsync()
    {
        await _agent.StartAsync(CancellationToken.None).DefaultTimeout();
        await Eventually.HoldsAsync(() => Answered == 1 && _time.TimersCreated >= 1, "the first report, then a wait");
    }

    /// <summary>
    /// Advances the clock one <paramref name="step"/> at a time (by default a floor), each once the loop
    /// waits again, until <paramref name="reports"/> are in.
    /// </summary>
    private async Task AdvanceUntilAsync(int reports, Func<TimeSpan>? step = null)
    {
        for (var steps = 0; Answered < reports; steps++)
        {
            Assert.True(steps < 20, $"no report {reports} within two intervals");
            var timers = _time.TimersCreated;
            _time.Advance(step?.Invoke() ?? Floor);
            await Eventually.HoldsAsync(() => _time.TimersCreated > timers || Answered >= reports, "the loop to check and wait again, or to report");
        }
    }

    private void OpenSessions(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.True(_gate.TryEnter());
        }
    }

    [Fact]
    public async Task SessionsMovedByTheThreshold_ReportedOnceTheFloorPasses_NotBefore()
    {
        _options.ReportChangeThreshold = 2;
        await StartAsync();

        // The first check waits the whole floor after the report: nothing can go out sooner.
        Assert.Equal(Floor, _time.DueTimes[^1]);
        OpenSessions(2);
        _time.Advance(Floor - TimeSpan.FromMilliseconds(1));
        Assert.Single(Reports);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        await Eventually.HoldsAsync(() => Answered == 2, "a report as soon as the floor passed");
        Assert.Equal(2, Reports[1].Load!.Sessions);
        Assert.Equal(Floor, Between(0, 1));
    }

    [Fact]
    public async Task SessionsMovingAfterTheFloor_ReportedAtOnce_NotAtTheNextLook()
    {
        await StartAsync();
        var timers = _time.TimersCreated;
        _time.Advance(Floor);
        await Eventually.HoldsAsync(() => _time.TimersCreated > timers, "the check a floor after the report, then a wait");
        _time.Advance(Floor / 4);

        // The clock stands still from here: only the session can wake the wait.
        OpenSessions(1);

        await Eventually.HoldsAsync(() => Answered == 2, "a report the moment the session opened");
        Assert.Equal(Floor + (Floor / 4), Between(0, 1));
        Assert.Equal(1, Reports[1].Load!.Sessions);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task SessionsMovedLessThanTheThreshold_OnlyThePeriodicReportComes(int opened)
    {
        _options.ReportChangeThreshold = 3;
        await StartAsync();
        OpenSessions(opened);

        await AdvanceUntilAsync(2);

        Assert.InRange(Between(0, 1), Interval * 0.9, Interval);
        Assert.Equal(opened, Reports[1].Load!.Sessions);
    }

    [Fact]
    public async Task AClockAdvancedToEachTimer_StillGetsThePeriodicReport()
    {
        _options.ReportChangeThreshold = 3;
        await StartAsync();

        // Timers count whole milliseconds while the periodic wait does not: landing exactly on each
        // timer leaves the last look a fraction of a millisecond short of the wait, and the loop must
        // still wait again or report rather than spin on a clock that no longer moves.
        await AdvanceUntilAsync(2, step: () => _time.DueTimes[^1]);

        Assert.InRange(Between(0, 1), Interval * 0.9, Interval);
    }

    [Fact]
    public async Task AfterATriggeredReport_ThePeriodicWaitStartsAgain()
    {
        await StartAsync();
        OpenSessions(1);
        await AdvanceUntilAsync(2);
        Assert.Equal(Floor, Between(0, 1));

        // Nothing moves any more: the next report is the periodic one, an interval after the triggered one.
        await AdvanceUntilAsync(3);

        Assert.InRange(Between(1, 2), Interval * 0.9, Interval);
    }

    [Fact]
    public async Task AMemberGoingDown_TriggersAReport_WhateverTheThreshold()
    {
        _options.ReportChangeThreshold = 1000;
        await StartAsync();
        var member = _members.All[0];
        for (var i = 0; i < Member.FailuresToMarkDown; i++)
        {
            member.RecordProbe(success: false);
        }

        await AdvanceUntilAsync(2);

        Assert.Equal(Floor, Between(0, 1));
        Assert.Equal(1, Reports[1].Load!.HealthyMembers);
    }

    [Fact]
    public async Task Off_SessionsMoving_WaitForTheInterval()
    {
        _options.ReportOnChange = null;
        await StartAsync();
        OpenSessions(5);

        // One wait for the whole interval: no check between reports.
        Assert.InRange(_time.DueTimes[^1], Interval * 0.9, Interval);
        _time.Advance(Interval);
        await Eventually.HoldsAsync(() => Answered == 2, "the periodic report");
        Assert.InRange(Between(0, 1), Interval * 0.9, Interval);
    }
}
