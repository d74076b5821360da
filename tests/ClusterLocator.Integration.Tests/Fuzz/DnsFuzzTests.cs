using ClusterLocator.Fuzz.Dns;
using ClusterLocator.Locator;
using ClusterLocator.Locator.Dns;
using ClusterLocator.Locator.Hosting;
using ClusterLocator.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Integration.Tests.Fuzz;

/// <summary>
/// The DNS slice of bench/fuzz.sh at a size for the test suite: the same seeded malformed packets
/// (<see cref="DnsPackets"/>) over UDP and TCP against a locator's DNS interface, which must answer
/// every well-formed probe in between and stay up.
/// </summary>
public sealed class DnsFuzzTests
{
    [Fact]
    public async Task Fuzz_20000SeededPackets_EveryProbeAnswered()
    {
        var options = new LocatorOptions { WarmUp = TimeSpan.Zero, Dns = "127.0.0.1:0", ClientRate = 0 };
        options.Urls.Add("http://127.0.0.1:0");
        await using var app = LocatorHost.Build(options, TimeProvider.System, new Random(1), logging => logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync().DefaultTimeout();
        var listener = app.Services.GetRequiredService<DnsListener>();

        var outcome = await DnsFuzzRun.RunAsync(listener.UdpEndPoint!, packets: 20_000, seed: 20261130, batch: 5_000, progress: null, CancellationToken.None).TimeoutAfter(TimeSpan.FromMinutes(3));
        await app.StopAsync().DefaultTimeout();

        Assert.True(outcome.Passed, $"{outcome.ProbesUnanswered} of {outcome.Probes} probes were not answered");
        Assert.True(listener.Udp!.Dropped > 0, "No malformed datagram was read: the run tested nothing");
    }
}
