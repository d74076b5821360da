using System.Diagnostics;
using System.Net;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Controller;

/// <summary>The real <c>clusterlocator controller</c> process: stopped by SIGTERM, or killed.</summary>
public sealed class ControllerProcessTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private static Task<TestLocator> StartLocatorAsync() =>
        TestLocator.StartAsync(options =>
        {
            options.ReportInterval = Interval;
            options.Lease = Interval * 3;
        });

    private static CliProcess StartController(string clusterId, TestLocator locator, EchoServer member, string drainTimeout = "120s") =>
        CliProcess.Start(
        [
            "controller", "--cluster", clusterId, "--service", "erp", "--capacity", "10",
            "--listen", "tcp://127.0.0.1:0", "--member", member.Address, "--locator", locator.BaseAddress.ToString(),
            "--report-interval", "100ms", "--probe-interval", "100ms", "--drain-timeout", drainTimeout, "--no-host-usage",
        ]);

    private static async Task<IPEndPoint> WaitForActiveAsync(TestLocator locator, string clusterId, CliProcess controller)
    {
        ClusterView? view = null;
        try
        {
            await Eventually.HoldsAsync(
                async () => (view = await locator.ClusterAsync(clusterId)) is { State: ClusterStates.Active, Eligible: true },
                $"controller '{clusterId}' to register as active");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} stderr: {controller.Stderr} stdout: {controller.Stdout}", ex);
        }

        return IPEndPoint.Parse(view!.Endpoints.Single(e => e.Protocol == Protocols.Tcp).Address!);
    }

    [Fact]
    public async Task Sigterm_ReportsDrainingKeepsTheLiveSessionThenDeregistersAndExits0()
    {
        await using var locator = await StartLocatorAsync();
        await using var echo = EchoServer.Start();
        await using var controller = StartController("drain-a", locator, echo);
        var frontDoor = await WaitForActiveAsync(locator, "drain-a", controller);
        using var session = await LoopbackSocket.ConnectAsync(frontDoor);
        await session.AssertEchoesAsync("before SIGTERM");

        controller.Terminate();

        await Eventually.HoldsAsync(
            async () => await locator.ClusterAsync("drain-a") is { State: ClusterStates.Draining, Eligible: false },
            "the locator to show the cluster draining");
        await session.AssertEchoesAsync("while draining");

        // No new session while draining: the connection is closed at once, and locate sends nobody here.
        await LoopbackSocket.AssertTurnedAwayAsync(frontDoor, TimeSpan.FromSeconds(5));

        using (var locate = await locator.LocateAsync("service=erp"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, locate.StatusCode);
        }

        // The live session holds the deregistration back.
        Assert.Equal(ClusterStates.Draining, (await locator.ClusterAsync("drain-a"))?.State);
        await session.AssertEchoesAsync("still draining");

        session.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        var (rest, reset) = await session.ReceiveUntilClosedAsync();
        Assert.Empty(rest);
        Assert.False(reset, "The live session should end cleanly, not be cut.");

        // Well within the 120 s drain timeout: the drain ended because the session did. (The locator's
        // clock is fake, so a cluster still listed here is one that a report put back after the DELETE,
        // not one waiting for its lease.)
        await Eventually.HoldsAsync(
            async () => await locator.ClusterAsync("drain-a") is null,
            "the cluster to be deregistered once its last session ended, and to stay so");
        Assert.Equal(0, await controller.WaitForExitAsync());

        // Nothing reported after the deregistration: the process is gone and so is the cluster.
        var after = await locator.ClusterAsync("drain-a");
        Assert.True(after is null, $"After exit the locator lists the cluster again, state '{after?.State}': a report re-registered it after the DELETE.");
        Assert.Contains("Drained", controller.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Killed_NoLongerPlacedOnceItsLeasePasses()
    {
        await using var locator = await StartLocatorAsync();
        await using var echo = EchoServer.Start();
        await using var controller = StartController("kill-a", locator, echo);
        await WaitForActiveAsync(locator, "kill-a", controller);
        Assert.Equal("kill-a", (await locator.LocateOkAsync("service=erp")).ClusterId);

        using (var process = Process.GetProcessById(controller.Id))
        {
            process.Kill();
        }

        Assert.NotEqual(0, await controller.WaitForExitAsync());

        // The locator's clock has not moved: within its lease the cluster is still placed…
        locator.Time.Advance(locator.Options.Lease!.Value - TimeSpan.FromMilliseconds(1));
        Assert.Equal("kill-a", (await locator.LocateOkAsync("service=erp")).ClusterId);

        // …and once the lease has passed with no report, it is not.
        locator.Time.Advance(TimeSpan.FromMilliseconds(1));
        using var response = await locator.LocateAsync("service=erp");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("expired", (await locator.ProblemAsync(response)).Detail, StringComparison.Ordinal);
        var view = await locator.ClusterAsync("kill-a");
        Assert.Equal(ClusterStates.Expired, view?.State);
        Assert.False(view!.Eligible);
    }
}
