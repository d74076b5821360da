using System.Collections.Concurrent;
using System.Net.Sockets;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Integration.Tests.Controller;

/// <summary>A controller whose host is disposed without a stop: to the locator and the clients, a killed process.</summary>
public sealed class CrashTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task DisposedWithoutStop_SendsNothingMore_CutsSessions_AndExpiresAfterTheLease()
    {
        await using var locator = await TestLocator.StartAsync(options => options.ReportInterval = Interval);
        await using var echo = EchoServer.Start();
        using var errors = new ErrorLog();
        await using var controller = await TestController.StartAsync(
            options =>
            {
                options.Members.Add(echo.Address);
                options.Locators.Add(locator.BaseAddress);
            },
            logs: errors);
        await Eventually.HoldsAsync(async () => (await locator.ClusterAsync("c1"))?.State == ClusterStates.Active, "the controller to register");
        using var session = await LoopbackSocket.ConnectAsync(controller.TcpEndPoint!);
        await session.AssertEchoesAsync("before the crash");

        await controller.CrashAsync().DefaultTimeout();

        // The session is cut and the front door is gone.
        await session.ReceiveUntilClosedAsync();
        await Assert.ThrowsAnyAsync<SocketException>(() => LoopbackSocket.ConnectAsync(controller.TcpEndPoint!));

        // Neither draining nor deregistered: still listed as active, as the last report left it.
        Assert.Equal(ClusterStates.Active, (await locator.ClusterAsync("c1"))?.State);

        // No report follows: after several report intervals, the locator's last report has aged.
        locator.Time.Advance(Interval);
        await Task.Delay(Interval * 5);
        Assert.True((await locator.ClusterAsync("c1"))!.LastReportAgeMs >= Interval.TotalMilliseconds, "A report arrived after the crash.");

        locator.Time.Advance(Interval * 3);
        Assert.Equal(ClusterStates.Expired, (await locator.ClusterAsync("c1"))?.State);
        Assert.Empty(errors.Entries);
    }

    /// <summary>Collects every error the controller logs: a crash is not a failure of the controller's own parts.</summary>
    private sealed class ErrorLog : ILoggerProvider
    {
        public ConcurrentQueue<string> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(ErrorLog log, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    log.Entries.Enqueue($"{category}: {formatter(state, exception)} {exception}");
                }
            }
        }
    }
}
