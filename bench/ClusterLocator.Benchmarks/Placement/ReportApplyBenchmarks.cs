using BenchmarkDotNet.Attributes;
using ClusterLocator.Locator;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterLocator.Benchmarks.Placement;

/// <summary>
/// What one report of a known cluster costs the locator once it is validated: the memory store's
/// write, the registry's checks, the new entry, and putting it in the service's decision index.
/// </summary>
/// <remarks>
/// Each cluster has two reports of the same seq that differ in their sessions, used in turn, so
/// that none is taken for an echo of the one the entry holds and the benchmark allocates no report.
/// </remarks>
[MemoryDiagnoser]
public class ReportApplyBenchmarks : IDisposable
{
    private ClusterRegistry _registry = null!;
    private string[] _ids = [];
    private ClusterReport[][] _reports = [];
    private int _next;

    /// <summary>Clusters registered for the service.</summary>
    [Params(100, 10_000)]
    public int Clusters { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var options = new LocatorOptions { MaxClusters = Clusters, MaxClustersPerService = Clusters };
        _registry = new ClusterRegistry(new MemoryClusterStore(), TimeProvider.System, options, NullLogger<ClusterRegistry>.Instance);
        var entries = BenchClusters.Create(Clusters, seed: 42);
        _ids = Array.ConvertAll(entries, e => e.ClusterId);
        _reports = Array.ConvertAll(entries, e => new[]
        {
            e.Report,
            e.Report with { Load = e.Report.Load! with { Sessions = e.Report.Load.Sessions + 1 } },
        });
        foreach (var entry in entries)
        {
            if (!Apply(entry.ClusterId, entry.Report))
            {
                throw new InvalidOperationException($"Cluster {entry.ClusterId} was not registered.");
            }
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _registry.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Description = "report")]
    public bool ApplyOne()
    {
        var next = _next++;
        var cluster = next % _ids.Length;
        return Apply(_ids[cluster], _reports[cluster][(next / _ids.Length) & 1]);
    }

    private bool Apply(string id, ClusterReport report)
    {
        var write = _registry.ReportAsync(id, report, CancellationToken.None);
        // The memory store completes the write synchronously.
        return write.IsCompletedSuccessfully ? write.Result.IsAccepted : throw new InvalidOperationException("The memory store's write did not complete at once.");
    }
}
