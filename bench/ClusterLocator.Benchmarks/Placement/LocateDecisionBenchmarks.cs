using BenchmarkDotNet.Attributes;
using ClusterLocator.Locator;
using ClusterLocator.Locator.Placement;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterLocator.Benchmarks.Placement;

/// <summary>
/// One locate decision, <see cref="ClusterSelector.Select"/> over the clusters of one service, for each
/// policy and for the affinity key, against a plain linear max over as many doubles (the baseline).
/// </summary>
/// <remarks>
/// The policies draw from <see cref="Random.Shared"/>, the source <c>AddClusterLocator</c> gives them. The
/// selector is the whole decision the hot path makes once it has the service's
/// <see cref="DecisionIndex"/>, kept as the registry keeps it: eligibility, health, the policy, and
/// counting the placement (which updates the index).
/// </remarks>
[MemoryDiagnoser]
public class LocateDecisionBenchmarks
{
    private static readonly LocateRequest Plain = new() { Service = BenchClusters.Service };
    private static readonly LocateRequest Keyed = new() { Service = BenchClusters.Service, Key = "user-4711" };

    private ClusterEntry[] _entries = [];
    private DecisionIndex _index = DecisionIndex.Empty;
    private double[] _healths = [];
    private ClusterSelector _best = null!;
    private ClusterSelector _p2c = null!;
    private ClusterSelector _weighted = null!;
    private ClusterSelector _roundRobin = null!;

    /// <summary>Clusters registered for the service.</summary>
    [Params(3, 100, 10_000)]
    public int Clusters { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _entries = BenchClusters.Create(Clusters, seed: 42);
        _index = new DecisionIndex(_entries, now: 0, claim: true);
        _healths = Array.ConvertAll(_entries, e => e.Health);
        _best = Selector(PlacementPolicies.Best);
        _p2c = Selector(PlacementPolicies.PowerOfTwoChoices);
        _weighted = Selector(PlacementPolicies.Weighted);
        _roundRobin = Selector(PlacementPolicies.RoundRobin);
    }

    /// <summary>The least any decision must do: read one double per cluster and keep the largest.</summary>
    [Benchmark(Baseline = true, Description = "baseline")]
    public int LinearMax()
    {
        var healths = _healths;
        var best = 0;
        for (var i = 1; i < healths.Length; i++)
        {
            if (healths[i] > healths[best])
            {
                best = i;
            }
        }

        return best;
    }

    [Benchmark(Description = "best")]
    public string? Best() => Decide(_best, Plain);

    [Benchmark(Description = "p2c")]
    public string? PowerOfTwoChoices() => Decide(_p2c, Plain);

    [Benchmark(Description = "weighted")]
    public string? Weighted() => Decide(_weighted, Plain);

    [Benchmark(Description = "round-robin")]
    public string? RoundRobin() => Decide(_roundRobin, Plain);

    [Benchmark(Description = "key")]
    public string? Key() => Decide(_best, Keyed);

    private string? Decide(ClusterSelector selector, LocateRequest request) =>
        selector.Select(_index, request, now: 0).Address;

    /// <summary>The selector the locator's container makes for <paramref name="policy"/>.</summary>
    private static ClusterSelector Selector(string policy) =>
        new ServiceCollection().AddClusterLocator(options => options.Policy = policy).Services
            .BuildServiceProvider()
            .GetRequiredService<ClusterSelector>();
}
