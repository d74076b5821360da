using System.Diagnostics;
using System.Diagnostics.Metrics;
using ClusterLocator.Client;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Integration.Tests.Telemetry;

/// <summary>
/// The SDK's meter and logs, through an application's dependency injection: a failover to the next
/// locator and a session placed again on another cluster are counted and logged.
/// </summary>
public sealed class ClientTelemetryTests
{
    private const string ClientCategory = "ClusterLocator.Client.LocatorClient";

    [Fact]
    public async Task Locate_FirstLocatorDead_CountsAndLogsTheFailover()
    {
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("a", Reports.Create());
        var logs = new ListLoggerProvider();
        await using var services = Services(logs, LoopbackPorts.DeadUrl(), locator.BaseAddress);
        using var counts = new ClientCounts(services.GetRequiredService<IMeterFactory>());

        var placement = await services.GetRequiredService<LocatorClient>().LocateAsync("erp").DefaultTimeout();

        Assert.Equal("a", placement.ClusterId);
        Assert.Equal(1, counts.Of("clusterlocator.client.failovers"));
        Assert.Equal(1, counts.Of("clusterlocator.client.locates", "answered"));
        var logged = Assert.Single(logs.EntriesOf(ClientCategory), e => e.Id.Name == "LocatorFailedOver");
        Assert.Contains(locator.BaseAddress.ToString(), logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectTcp_FirstClusterRefuses_CountsTheConnectFailureAndTheRelocation()
    {
        await using var locator = await TestLocator.StartAsync();
        await using var member = EchoServer.Start();
        var dead = $"127.0.0.1:{LoopbackPorts.Free()}";
        await locator.RegisterAsync("dead", Reports.Create(service: "echo", tcp: dead, health: 0.9));
        await locator.RegisterAsync("alive", Reports.Create(service: "echo", tcp: member.Address, health: 0.5));
        var logs = new ListLoggerProvider();
        await using var services = Services(logs, locator.BaseAddress);
        using var counts = new ClientCounts(services.GetRequiredService<IMeterFactory>());

        await using var session = await services.GetRequiredService<LocatorClient>().ConnectTcpAsync("echo").DefaultTimeout();

        Assert.Equal("alive", session.Placement.ClusterId);
        Assert.Equal(1, counts.Of("clusterlocator.client.connect.failures"));
        Assert.Equal(1, counts.Of("clusterlocator.client.relocations"));
        Assert.Equal(0, counts.Of("clusterlocator.client.failovers"));
        var logged = Assert.Single(logs.EntriesOf(ClientCategory), e => e.Id.Name == "SessionRelocated");
        Assert.Contains("dead", logged.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Services(ListLoggerProvider logs, params Uri[] locators)
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        services.AddClusterLocatorClient(options =>
        {
            foreach (var locator in locators)
            {
                options.Locators.Add(locator);
            }
        });
        return services.BuildServiceProvider();
    }

    /// <summary>The SDK's counters made through one <see cref="IMeterFactory"/>, so other tests' clients in this process do not count.</summary>
    private sealed class ClientCounts : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

        public ClientCounts(IMeterFactory factory)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "ClusterLocator.Client" && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                var key = instrument.Name;
                foreach (var tag in tags)
                {
                    if (tag.Key == "result")
                    {
                        key += "/" + tag.Value;
                    }
                }

                lock (_counts)
                {
                    _counts[key] = _counts.GetValueOrDefault(key) + value;
                }
            });
            _listener.Start();
        }

        public long Of(string instrument, string? result = null)
        {
            lock (_counts)
            {
                return _counts.GetValueOrDefault(result is null ? instrument : $"{instrument}/{result}");
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
