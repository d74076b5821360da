using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.EndToEnd;

/// <summary>
/// A burst of locates spread over three locators, each a process of its own and a peer of the
/// others, between two reports: the clusters fill as one locator would fill them, to the level where
/// their utilizations are equal (water-filling), which counting only one's own placements misses.
/// </summary>
public sealed class BurstWaterFillingTests
{
    private const string Token = "burst-water-filling-token-0123";
    private const string Service = "burst";
    private const int Locates = 3_000;
    private const int LocatorCount = 3;
    private const double Tolerance = 0.10;

    private static readonly string[] Clusters = ["small", "medium", "large"];
    private static readonly int[] Capacities = [2_000, 3_000, 5_000];
    private static readonly int[] Sessions = [200, 1_200, 3_000];

    [Fact]
    public void Setup_WithoutSharing_WouldMissTheWaterFillingSplit()
    {
        var shared = WaterFill(Sessions, Capacities, Locates);
        var own = WaterFill(Sessions, Capacities, Locates / LocatorCount).Select(p => p * LocatorCount).ToArray();

        Assert.Contains(Enumerable.Range(0, Clusters.Length), i => Math.Abs(own[i] - shared[i]) > Tolerance * shared[i]);
        Assert.Equal(Locates, shared.Sum(), 6);
    }

    [Fact]
    public async Task Burst_OverThreeLocators_FillsWithinTenPercentOfWaterFilling()
    {
        await using var group = await StartLocatorsAsync();
        foreach (var locator in group)
        {
            for (var i = 0; i < Clusters.Length; i++)
            {
                var body = Reports.Create(service: Service, sessions: Sessions[i], capacity: Capacities[i], seq: 1, incarnation: "inc-1", tcp: $"127.0.0.1:{9001 + i}");
                using var response = await locator.Http.PutAsJsonAsync($"v1/clusters/{Clusters[i]}", body, ProtocolJsonContext.Default.ClusterReport).DefaultTimeout();
                Assert.True(response.IsSuccessStatusCode, $"Reporting {Clusters[i]} answered {(int)response.StatusCode}. {locator.Output}");
            }
        }

        var placed = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            Enumerable.Range(0, Locates),
            new ParallelOptions { MaxDegreeOfParallelism = 24 },
            async (i, cancellationToken) =>
            {
                var locator = group[i % LocatorCount];
                var placement = await locator.Http.GetFromJsonAsync($"v1/locate?service={Service}", ProtocolJsonContext.Default.LocateResponse, cancellationToken).DefaultTimeout();
                placed.AddOrUpdate(placement!.ClusterId, 1, (_, n) => n + 1);
            });

        foreach (var locator in group)
        {
            await Eventually.HoldsAsync(
                async () => (await ViewAsync(locator)).Values.Sum() == Locates,
                $"every placement to be counted at {locator.Url}");
            var view = await ViewAsync(locator);
            Assert.Equal(Clusters.Select(c => (long)placed.GetValueOrDefault(c)), Clusters.Select(c => view[c]));
        }

        var expected = WaterFill(Sessions, Capacities, Locates);
        var split = string.Join(", ", Clusters.Select((c, i) => $"{c} {placed.GetValueOrDefault(c)} (water-filling {expected[i]:0})"));
        for (var i = 0; i < Clusters.Length; i++)
        {
            Assert.True(Math.Abs(placed.GetValueOrDefault(Clusters[i]) - expected[i]) <= Tolerance * expected[i], $"Placed {split}: {Clusters[i]} is off by more than {Tolerance:P0}.");
        }
    }

    private static double[] WaterFill(int[] sessions, int[] capacities, double placements)
    {
        double Fill(double level) => sessions.Select((s, i) => Math.Max(0, (level * capacities[i]) - s)).Sum();
        double low = 0, high = 1 + ((sessions.Sum() + placements) / capacities.Min());
        for (var step = 0; step < 200; step++)
        {
            var middle = (low + high) / 2;
            (low, high) = Fill(middle) < placements ? (middle, high) : (low, middle);
        }

        return [.. sessions.Select((s, i) => Math.Max(0, (high * capacities[i]) - s))];
    }

    private static async Task<Dictionary<string, long>> ViewAsync(Peer locator) =>
        (await locator.Http.GetFromJsonAsync($"v1/clusters?service={Service}", ProtocolJsonContext.Default.ClusterList).DefaultTimeout())!
            .Clusters.ToDictionary(c => c.ClusterId, c => c.PlacedSinceReport, StringComparer.Ordinal);

    /// <summary>
    /// Three locators, peers of each other: no report comes during the test (60 s interval), every
    /// placement counts (all come from 127.0.0.1), counts shared every 20 ms.
    /// </summary>
    private static async Task<PeerGroup> StartLocatorsAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var urls = Enumerable.Range(0, LocatorCount).Select(_ => $"http://127.0.0.1:{LoopbackPorts.Free()}").ToArray();
            var processes = urls.Select(url => CliProcess.Start(
                [
                    "locator", "--urls", url, "--report-interval", "60s", "--warm-up", "0s",
                    "--client-placement-share", "100%", "--client-rate", "0", "--peer-sync-interval", "20ms",
                    .. urls.Where(peer => peer != url).SelectMany(peer => new[] { "--peer", peer }),
                ],
                new Dictionary<string, string>(StringComparer.Ordinal) { ["CLUSTERLOCATOR_CONTROLLER_TOKEN"] = Token })).ToList();
            var group = new PeerGroup([.. processes.Select((p, i) => new Peer(p, new Uri(urls[i] + "/")))]);
            try
            {
                foreach (var process in processes)
                {
                    await process.WaitForListeningAsync();
                }

                return group;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // A port taken between choosing it and binding it: start again on others.
                await group.DisposeAsync();
            }
            catch
            {
                await group.DisposeAsync();
                throw;
            }
        }
    }

    private sealed class Peer(CliProcess process, Uri url)
    {
        public CliProcess Process { get; } = process;

        public Uri Url { get; } = url;

        public HttpClient Http { get; } = new(new SocketsHttpHandler()) { BaseAddress = url, Timeout = TimeoutExtensions.DefaultTimeoutTimeSpan, DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", Token) } };

        public string Output => $"{Url} stdout: {Process.Stdout} stderr: {Process.Stderr}";
    }

    private sealed class PeerGroup(IReadOnlyList<Peer> peers) : IAsyncDisposable, IEnumerable<Peer>
    {
        public Peer this[int index] => peers[index];

        public IEnumerator<Peer> GetEnumerator() => peers.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public async ValueTask DisposeAsync()
        {
            foreach (var peer in peers)
            {
                peer.Http.Dispose();
                await peer.Process.DisposeAsync();
            }
        }
    }
}
