using ClusterLocator.Controller.Reporting;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Controller;

/// <summary>A controller reports to every locator it is given, each on its own: one down never holds back another.</summary>
public sealed class TwoLocatorsTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// With a hung locator, how soon each report must reach the live one: fifteen report intervals, yet
    /// short of the 2 s a hung locator's request takes to time out, which a controller reporting to one
    /// locator after the other would wait between two reports. (That the hung one delays nothing is also
    /// proved on a fake clock in ReportingAgentTests.) Otherwise the default bound.
    /// </summary>
    private static readonly TimeSpan FreshBesideAHungLocator = TimeSpan.FromSeconds(1.5);

    private static Task<TestLocator> StartLocatorAsync(int? port = null) =>
        TestLocator.StartAsync(options =>
        {
            options.ReportInterval = Interval;
            if (port is not null)
            {
                options.Urls.Clear();
                options.Urls.Add($"http://127.0.0.1:{port}");
            }
        });

    /// <summary>
    /// The locator's clock is fake: moving it on ages the last report, and only a report that
    /// arrives afterwards brings the age back to 0. Done several times, past the lease.
    /// </summary>
    private static async Task AssertKeptCurrentAsync(TestLocator locator, int times, TimeSpan? fresh = null)
    {
        for (var i = 0; i < times; i++)
        {
            locator.Time.Advance(Interval * 2);
            await Eventually.HoldsAsync(
                async () => await locator.ClusterAsync("c1") is { LastReportAgeMs: 0, Eligible: true },
                $"report {i + 1} of {times} to reach the live locator",
                fresh);
        }
    }

    [Theory]
    [InlineData("refuses")]
    [InlineData("hangs")]
    public async Task Reports_OneLocatorDown_TheOtherStaysCurrent(string down)
    {
        await using var silent = new SilentServer();
        var downUrl = down == "hangs" ? silent.Url : LoopbackPorts.DeadUrl();
        await using var live = await StartLocatorAsync();
        await using var echo = EchoServer.Start();
        await using var controller = await TestController.StartAsync(options =>
        {
            options.Members.Add(echo.Address);

            // The dead one first, so a controller that reports in turn would wait on it.
            options.Locators.Add(downUrl);
            options.Locators.Add(live.BaseAddress);
        });
        await Eventually.HoldsAsync(async () => await live.ClusterAsync("c1") is { Eligible: true }, "the controller to register at the live locator");

        await AssertKeptCurrentAsync(live, times: 5, down == "hangs" ? FreshBesideAHungLocator : null);

        // Five times two intervals is more than the lease on the locator's clock, and it is still placed.
        Assert.Equal("c1", (await live.LocateOkAsync("service=erp")).ClusterId);
        if (down == "hangs")
        {
            Assert.True(silent.Accepted > 0, "The hung locator was never tried.");
        }
    }

    [Fact]
    public async Task Reports_LocatorStartedLater_IsRegisteredThereWithoutARestart()
    {
        var laterPort = LoopbackPorts.Free();
        await using var first = await StartLocatorAsync();
        await using var echo = EchoServer.Start();
        await using var controller = await TestController.StartAsync(options =>
        {
            options.Members.Add(echo.Address);
            options.Locators.Add(first.BaseAddress);
            options.Locators.Add(new Uri($"http://127.0.0.1:{laterPort}/"));
        });
        await Eventually.HoldsAsync(async () => await first.ClusterAsync("c1") is { Eligible: true }, "the controller to register at the first locator");

        await using var later = await StartLocatorAsync(laterPort);

        // The controller backs off from a locator that failed, but never beyond MaxBackoff.
        await Eventually.HoldsAsync(
            async () => await later.ClusterAsync("c1") is { Eligible: true },
            "the controller to register at the locator that started later",
            ReportingAgent.MaxBackoff + TimeSpan.FromSeconds(2));
        await AssertKeptCurrentAsync(later, times: 2);
        await AssertKeptCurrentAsync(first, times: 2);
    }

    [Fact]
    public async Task Stop_OneLocatorHangs_TheLiveLocatorEndsWithTheClusterDeregistered()
    {
        await using var silent = new SilentServer();
        await using var live = await StartLocatorAsync();
        await using var echo = EchoServer.Start();
        await using var controller = await TestController.StartAsync(options =>
        {
            options.Members.Add(echo.Address);
            options.Locators.Add(silent.Url);
            options.Locators.Add(live.BaseAddress);
        });
        await Eventually.HoldsAsync(async () => await live.ClusterAsync("c1") is { Eligible: true }, "the controller to register at the live locator");

        await controller.StopAsync().DefaultTimeout();

        // Stopped means nothing reports any more: whatever the live locator lists now stays.
        var view = await live.ClusterAsync("c1");
        Assert.True(view is null, $"The stopped controller is still listed, state '{view?.State}': a report after its DELETE registered it again.");
    }
}
