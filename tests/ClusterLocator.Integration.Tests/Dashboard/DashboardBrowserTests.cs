using System.Diagnostics;
using ClusterLocator.Controller.Reporting;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClusterLocator.Integration.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser, against a real locator with real controllers on the system
/// clock: what an operator sees when a controller dies, drains, or the store goes away. Every wait
/// is Playwright's, on a condition, with a timeout.
/// </summary>
public sealed class DashboardBrowserTests(SystemChromium chromium) : IClassFixture<SystemChromium>
{
    private static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Eight report intervals: a controller slowed by a busy machine does not expire by accident.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);

    /// <summary>The lease, a sample, a frame, and slack for a busy machine.</summary>
    private static readonly float ExpiryTimeout = (float)(Lease + TimeSpan.FromSeconds(10)).TotalMilliseconds;

    private static Task<SystemClockLocator> StartLocatorAsync(string store) =>
        SystemClockLocator.StartAsync(store, ReportInterval, options =>
        {
            options.WarmUp = TimeSpan.Zero;
            options.Lease = Lease;
        });

    private static ILocator Event(IPage page, string kind, string text) =>
        page.Locator($"#events li[data-kind='{kind}']", new() { HasTextString = text }).First;

    private static Task<TestController> StartControllerAsync(string clusterId, EchoServer member, SystemClockLocator locator, int capacity = 100) =>
        TestController.StartAsync(options =>
        {
            options.ClusterId = clusterId;
            options.Capacity = capacity;
            options.ReportInterval = ReportInterval;
            options.Members.Add(member.Address);
            options.Locators.Add(locator.BaseAddress);
        });

    private static ILocator Row(IPage page, string clusterId) => page.Locator($"#rows tr[data-cluster='{clusterId}']");

    [Fact]
    public async Task Dashboard_ShowsTheClustersAndPlots_ThenAKilledControllerExpiresAndADrainingOneIsLabelled()
    {
        await using var locator = await StartLocatorAsync("memory");
        await using var echo = EchoServer.Start();
        await using var c1 = await StartControllerAsync("c1", echo, locator, capacity: 100);
        await using var c2 = await StartControllerAsync("c2", echo, locator, capacity: 200);
        await using var c3 = await StartControllerAsync("c3", echo, locator, capacity: 100);
        await using var browser = await chromium.OpenAsync(locator.BaseAddress);
        var page = browser.Page;

        // The table: a row per cluster under its service, with its health and inputs; the header.
        foreach (var id in new[] { "c1", "c2", "c3" })
        {
            await Expect(Row(page, id)).ToHaveAttributeAsync("data-state", ClusterStates.Active);
        }

        await Expect(page.Locator("#rows tr.service[data-service='erp']")).ToBeVisibleAsync();
        await Expect(Row(page, "c2")).ToContainTextAsync("0 / 200");
        await Expect(page.Locator("#eligible")).ToHaveTextAsync("3");
        await Expect(page.Locator("#policy")).ToHaveTextAsync("best");
        await Expect(page.Locator("#store")).ToHaveAttributeAsync("data-healthy", "true");

        // The plots: one uPlot per panel, a series per cluster; placements show in the rate plot and the share.
        for (var i = 0; i < 6; i++)
        {
            var placed = await locator.LocateAsync("service=erp");
            Assert.True(placed.Placement is not null, $"Locate answered {(int)placed.Status}: {placed.Body}");
        }

        foreach (var plot in new[] { "#plot-health", "#plot-utilization", "#plot-placements" })
        {
            await Expect(page.Locator($"{plot} .uplot canvas")).ToHaveCountAsync(1);
            await Expect(page.Locator($"{plot} .u-legend")).ToContainTextAsync("c3");
        }

        await Expect(page.Locator("#plot-share .row")).ToHaveCountAsync(3);
        await Expect(page.Locator("#plot-share .placed[style*='width']").First).ToBeVisibleAsync();
        foreach (var id in new[] { "c1", "c2", "c3" })
        {
            await Expect(Event(page, "registered", id)).ToBeVisibleAsync();
        }

        // Explain: what a locate would pick now, from the locator's own explanation.
        await page.Locator("#rows tr.service[data-service='erp'] button.explain").ClickAsync();
        await Expect(page.Locator("#explain-reason")).ToContainTextAsync("would pick");
        await Expect(page.Locator("#explain-rows tr")).ToHaveCountAsync(3);

        // A controller killed: no deregistration, so its row turns expired once its lease runs out.
        var killed = Stopwatch.StartNew();
        await c2.CrashAsync();
        await Expect(Row(page, "c2")).ToHaveAttributeAsync("data-state", ClusterStates.Expired, new() { Timeout = ExpiryTimeout });
        await Expect(Row(page, "c2").Locator(".label.expired")).ToHaveTextAsync("expired");
        await Expect(Event(page, "expired", "c2")).ToBeVisibleAsync();
        await Expect(page.Locator("#eligible")).ToHaveTextAsync("2");
        Assert.True(killed.Elapsed >= Lease - ReportInterval, $"c2 was shown expired {killed.Elapsed.TotalMilliseconds:0} ms after it died, before its lease could have run out.");

        // A controller draining (as its shutdown starts): labelled, greyed, and told in the events.
        await c3.Services.GetRequiredService<ReportingAgent>().ReportStateAsync(ClusterStates.Draining, CancellationToken.None).DefaultTimeout();
        await Expect(Row(page, "c3")).ToHaveAttributeAsync("data-state", ClusterStates.Draining);
        await Expect(Row(page, "c3").Locator(".label.draining")).ToHaveTextAsync("draining");
        await Expect(Row(page, "c3").Locator("td").First).ToHaveCSSAsync("color", "rgb(153, 153, 153)");
        await Expect(Event(page, "draining", "c3")).ToBeVisibleAsync();
        await Expect(Row(page, "c1")).ToHaveAttributeAsync("data-state", ClusterStates.Active);
    }

    [Fact]
    public async Task Dashboard_EtcdStoreLostAndBack_ShowsTheOutageAndStaleClusters()
    {
        await using var etcd = await EtcdProcess.StartAsync();
        await using var locator = await StartLocatorAsync(etcd.StoreAddress);
        await using var echo = EchoServer.Start();
        await using var c1 = await StartControllerAsync("c1", echo, locator);
        await using var browser = await chromium.OpenAsync(locator.BaseAddress);
        var page = browser.Page;
        await Expect(Row(page, "c1")).ToHaveAttributeAsync("data-state", ClusterStates.Active);
        await Expect(page.Locator("#store-kind")).ToHaveTextAsync("etcd");
        await Expect(page.Locator("#store")).ToHaveAttributeAsync("data-healthy", "true");
        await Expect(Row(page, "c1")).ToHaveAttributeAsync("data-stale", "false");

        await etcd.KillAsync();

        // Two 1 s heartbeats or one 2 s deadline, a sample, and slack for a busy machine.
        var detection = new LocatorAssertionsToHaveAttributeOptions { Timeout = 20_000 };
        await Expect(page.Locator("#store")).ToHaveAttributeAsync("data-healthy", "false", detection);
        await Expect(page.Locator("#store-problem")).ToBeVisibleAsync();
        await Expect(page.Locator("#store-problem")).ToContainTextAsync("stale");
        await Expect(Row(page, "c1")).ToHaveAttributeAsync("data-stale", "true");
        await Expect(Row(page, "c1").Locator(".label.stale")).ToBeVisibleAsync();
        await Expect(Event(page, "store-unreachable", "etcd")).ToBeVisibleAsync();

        await etcd.RestartAsync();

        await Expect(page.Locator("#store")).ToHaveAttributeAsync("data-healthy", "true", detection);
        await Expect(page.Locator("#store-problem")).ToBeHiddenAsync();
        await Expect(Event(page, "store-back", "etcd")).ToBeVisibleAsync();
    }
}
