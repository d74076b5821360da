using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;

namespace ClusterLocator.Benchmarks.Placement;

/// <summary>Builds the clusters of one service as the registry would publish them, with loads drawn at random.</summary>
internal static class BenchClusters
{
    public const string Service = "bench";

    /// <summary>
    /// Every capacity is near <see cref="int.MaxValue"/>: each <c>Select</c> counts one placed session on
    /// the chosen cluster, and a benchmark makes hundreds of millions of them. With this much room the
    /// placed count moves a health by well under 0.5 % over a whole run, so no cluster fills up and every
    /// iteration measures the same decision, without an <c>[IterationSetup]</c> that would distort it.
    /// </summary>
    public const int MinCapacity = int.MaxValue / 4;

    /// <summary>Clusters ordered by id, alive for ever at time 0, as in a published snapshot.</summary>
    public static ClusterEntry[] Create(int count, int seed)
    {
        var random = new Random(seed);
        var entries = new ClusterEntry[count];
        for (var i = 0; i < count; i++)
        {
            var capacity = random.Next(MinCapacity, int.MaxValue / 2);
            var members = random.Next(1, 9);
            var report = new ClusterReport
            {
                Service = Service,
                Incarnation = "bench",
                Seq = 1,
                Endpoints =
                [
                    new ClusterEndpoint(Protocols.Tcp, $"10.0.{i / 250}.{i % 250}:9001"),
                    new ClusterEndpoint(Protocols.Http, $"http://10.0.{i / 250}.{i % 250}:9002"),
                ],
                Zone = "z1",
                State = ClusterStates.Active,
                Load = new ClusterLoad
                {
                    Sessions = (int)(capacity * random.NextDouble() * 0.6),
                    Capacity = capacity,
                    Cpu = random.NextDouble() * 0.9,
                    Memory = random.NextDouble() * 0.9,
                    HealthyMembers = random.Next(1, members + 1),
                    Members = members,
                },
            };
            entries[i] = new ClusterEntry($"c{i:D5}", report, reportedAt: 0, leaseExpiresAt: long.MaxValue);
        }

        return entries;
    }
}
