using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Locator;

/// <summary>
/// A locator holding <see cref="Clusters"/> clusters, registered once for every test of a class that
/// only reads: 5 services of 500 (the default per-service limit is 1 000), every tenth draining,
/// zone <c>even</c> or <c>odd</c> by the parity of the number in the id.
/// </summary>
public sealed class ThousandsOfClustersFixture : IAsyncLifetime
{
    public const int Clusters = 2500;

    internal TestLocator Locator { get; private set; } = null!;

    public static string Id(int i) => $"c{i:D5}";

    public async Task InitializeAsync()
    {
        Locator = await TestLocator.StartAsync();
        await Parallel.ForAsync(0, Clusters, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            await Locator.RegisterAsync(
                Id(i),
                Reports.Create(
                    service: $"s{i % 5}",
                    zone: i % 2 == 0 ? "even" : "odd",
                    state: i % 10 == 0 ? ClusterStates.Draining : ClusterStates.Active)));
    }

    public async Task DisposeAsync() => await Locator.DisposeAsync();
}
