using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Controller;

/// <summary>
/// Change-triggered reports over real sockets: with a long report interval, a session opened or
/// closed at the controller's TCP front door shows at a real locator within a few floors, not at the
/// next periodic report.
/// </summary>
public sealed class ReportOnChangeTests
{
    /// <summary>The locator asks for this interval and the controller adopts it: no periodic report comes within a test.</summary>
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan Floor = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Two floors (the change waits for the next check) and a report's round trip, with ample room for a
    /// busy machine; still far short of <see cref="Interval"/>, so only a triggered report fits.
    /// </summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SessionOpenedAndClosed_ShowAtTheLocator_WellBeforeTheInterval()
    {
        await using var locator = await TestLocator.StartAsync(options => options.ReportInterval = Interval);
        await using var echo = EchoServer.Start();
        await using var controller = await TestController.StartAsync(options =>
        {
            options.ReportInterval = Interval;
            options.ReportOnChange = Floor;
            options.Members.Add(echo.Address);
            options.Locators.Add(locator.BaseAddress);
        });
        await Eventually.HoldsAsync(async () => await locator.ClusterAsync("c1") is { Load.Sessions: 0 }, "the controller to register");

        using (var session = await LoopbackSocket.ConnectAsync(controller.TcpEndPoint!))
        {
            await session.AssertEchoesAsync("hello");
            await Eventually.HoldsAsync(
                async () => await locator.ClusterAsync("c1") is { Load.Sessions: 1 },
                $"the locator to show the session within {Bound.TotalSeconds:0}s, with a {Interval.TotalMinutes:0} min report interval",
                Bound);
        }

        await Eventually.HoldsAsync(
            async () => await locator.ClusterAsync("c1") is { Load.Sessions: 0 },
            $"the locator to show the session's end within {Bound.TotalSeconds:0}s",
            Bound);
    }
}
