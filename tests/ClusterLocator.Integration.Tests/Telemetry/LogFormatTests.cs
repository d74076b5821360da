using System.Text.Json;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Telemetry;

/// <summary><c>--log-format json</c>: every line the process writes to the console is one JSON object a log collector can read.</summary>
public sealed class LogFormatTests
{
    [Fact]
    public async Task Locator_LogFormatJson_WritesOneJsonObjectPerLine()
    {
        await using var locator = CliProcess.Start(["locator", "--urls", "http://127.0.0.1:0", "--log-format", "json"]);
        await Eventually.HoldsAsync(() => locator.Stdout.Contains("Locator listening on", StringComparison.Ordinal), "the locator to log that it listens");
        locator.Terminate();
        Assert.Equal(0, await locator.WaitForExitAsync());

        var lines = locator.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEmpty(lines);
        var started = false;
        foreach (var line in lines)
        {
            using var entry = JsonDocument.Parse(line);
            var root = entry.RootElement;
            Assert.True(root.TryGetProperty("Timestamp", out _), line);
            Assert.True(root.TryGetProperty("LogLevel", out _), line);
            started |= root.GetProperty("Category").GetString() == "ClusterLocator.Locator" && root.GetProperty("EventId").GetInt32() == 100;
        }

        Assert.True(started, locator.Stdout);
    }

    [Fact]
    public async Task Controller_LogFormatJson_WritesOneJsonObjectPerLine()
    {
        await using var member = EchoServer.Start();
        await using var controller = CliProcess.Start(
        [
            "controller", "--cluster", "json-logs", "--service", "erp", "--capacity", "10", "--listen", "tcp://127.0.0.1:0",
            "--member", member.Address, "--locator", LoopbackPorts.DeadUrl().ToString(), "--no-host-usage",
            "--admin-urls", "http://127.0.0.1:0", "--log-format", "json",
        ]);
        await Eventually.HoldsAsync(() => controller.Stdout.Contains("Admin listener on", StringComparison.Ordinal), "the controller to log its admin listener");
        controller.Terminate();
        await controller.WaitForExitAsync();

        foreach (var line in controller.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var entry = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, entry.RootElement.ValueKind);
        }
    }
}
