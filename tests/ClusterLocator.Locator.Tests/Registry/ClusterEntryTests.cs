using ClusterLocator.Locator.Health;
using ClusterLocator.Testing;

namespace ClusterLocator.Locator.Tests.Registry;

public sealed class ClusterEntryTests
{
    [Fact]
    public void Health_AtReport_IsTheFormulasValue()
    {
        var entry = Entries.Alive("a", Reports.Create(sessions: 250, capacity: 1000, cpu: 0.1, members: 4, healthyMembers: 3));

        Assert.Equal(0.75 * 0.75, entry.Health, 12);
    }

    [Fact]
    public void RecordPlacement_LowersHealthByOneSessionOfHeadroom()
    {
        var entry = Entries.Alive("a", Reports.Create(sessions: 0, capacity: 100));

        entry.RecordPlacement();
        entry.RecordPlacement();

        Assert.Equal(2, entry.Placed);
        Assert.Equal(0.98, entry.Health, 12);
    }

    [Fact]
    public async Task RecordPlacement_FromManyThreads_EndsWithTheHealthOfTheFinalCount()
    {
        var entry = Entries.Alive("a", Reports.Create(sessions: 0, capacity: 1_000_000));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 25_000; i++)
            {
                entry.RecordPlacement();
            }
        }))).DefaultTimeout();

        Assert.Equal(100_000, entry.Placed);
        Assert.Equal(HealthModel.Compute(1, 0, 0, 100_000, 1_000_000, -1), entry.Health, 12);
    }
}
