using ClusterLocator.Locator.Placement;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Locator.Tests.Placement;

/// <summary>
/// The index against the linear scan it replaces: random placements, reports, drains, expiries and
/// peer counts over many seeds, and after each step what the index answers equals what a scan of the
/// entries finds (the best slots and their order, the eligible slots, the key's cluster, p2c's and
/// round-robin's choices with the same draws).
/// </summary>
public class DecisionIndexTests
{
    private const long Lease = 1_000;

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomOperations_IndexAgreesWithTheScan(int seed)
    {
        var random = new Random(seed);
        var clusters = random.Next(1, 40);
        var now = 10_000L;
        var entries = new ClusterEntry[clusters];
        for (var slot = 0; slot < clusters; slot++)
        {
            entries[slot] = NewEntry(random, slot, now);
        }

        var index = new DecisionIndex(entries, now, claim: true);
        for (var step = 0; step < 300; step++)
        {
            var slot = random.Next(clusters);
            switch (random.Next(6))
            {
                case 0 or 1:
                    entries[slot].RecordPlacement();
                    break;
                case 2:
                    entries[slot].RecordPeerPlacements(random.Next(1, 4));
                    break;
                case 3:
                    index.Replace(slot, NewEntry(random, slot, now), now);
                    break;
                case 4:
                    now += random.Next(0, 400);
                    break;
                default:
                    index.Replace(slot, entries[slot].ExpiredAt(now), now);
                    break;
            }

            AssertAgrees(index, now, random);
        }
    }

    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int>();
        for (var seed = 1; seed <= 60; seed++)
        {
            seeds.Add(seed);
        }

        return seeds;
    }

    [Fact]
    public void Tree_EqualValues_EachDrawFindsItsOwnSlotInSlotOrder()
    {
        var tree = new NextHealthTree(7);
        tree.Load([0.5, 0.9, NextHealthTree.Absent, 0.9, 0.1, 0.9, 0.9]);

        Assert.Equal(0.9, tree.Max);
        Assert.Equal(4, tree.Ties);
        Assert.Equal(new[] { 1, 3, 5, 6 }, Enumerable.Range(0, 4).Select(tree.Find));

        tree.Set(3, 0.2);
        Assert.Equal(3, tree.Ties);
        Assert.Equal(new[] { 1, 5, 6 }, Enumerable.Range(0, 3).Select(tree.Find));
    }

    [Fact]
    public void Select_ConcurrentPlacements_LeaveTheTreeAsTheEntriesSay()
    {
        var entries = Enumerable.Range(0, 64).Select(i => Entries.Alive($"c{i:D2}", Reports.Create(capacity: 500, sessions: i * 5))).ToArray();
        var index = new DecisionIndex(entries, Entries.Now, claim: true);
        var selector = new ClusterSelector(new BestHealthPolicy(Random.Shared));
        var request = new LocateRequest { Service = "erp" };

        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                selector.Select(index, request, Entries.Now);
            }
        });

        Assert.Equal(8_000, entries.Sum(e => e.Placed));
        AssertAgrees(index, Entries.Now, new Random(1));
    }

    private static void AssertAgrees(DecisionIndex index, long now, Random random)
    {
        var request = new LocateRequest { Service = "erp" };
        Assert.True(index.Serves(request, now));
        var entries = index.Entries;
        var eligible = Enumerable.Range(0, entries.Length).Where(slot => entries[slot].StateAt(now).IsEligible).ToArray();

        Assert.Equal(eligible, index.Eligible().Slots);
        if (eligible.Length == 0)
        {
            Assert.True(index.Tree.Max < 0);
            return;
        }

        var max = eligible.Max(slot => entries[slot].NextHealth);
        var best = eligible.Where(slot => entries[slot].NextHealth == max).ToArray();
        Assert.Equal(max, index.Tree.Max);
        Assert.Equal(best.Length, index.Tree.Ties);
        Assert.Equal(best, Enumerable.Range(0, best.Length).Select(index.Tree.Find));

        var candidates = eligible.Select(slot => new Candidate(slot, entries[slot].Health, entries[slot].Capacity, entries[slot].NextHealth)).ToArray();
        for (var k = 0; k < 5; k++)
        {
            var key = AffinityHash.Of($"user-{random.Next()}");
            Assert.Equal(candidates[AffinityRing.ByScan(entries, candidates, key)].Index, index.Ring.Find(key, index.Tree));
        }

        var seed = random.Next();
        var viaIndex = new PowerOfTwoChoicesPolicy(new Random(seed));
        var viaScan = new PowerOfTwoChoicesPolicy(new Random(seed));
        var roundRobinIndex = new RoundRobinPolicy();
        var roundRobinScan = new RoundRobinPolicy();
        for (var k = 0; k < 5; k++)
        {
            Assert.Equal(candidates[viaScan.Pick(candidates)].Index, viaIndex.PickSlot(index, peek: false));
            Assert.Equal(candidates[roundRobinScan.Pick(candidates)].Index, roundRobinIndex.PickSlot(index, peek: false));
        }
    }

    private static ClusterEntry NewEntry(Random random, int slot, long now)
    {
        // Small capacities and few distinct loads: clusters fill up and tie often.
        var capacity = random.Next(1, 4) * 4;
        var report = Reports.Create(
            sessions: random.Next(0, capacity + 1),
            capacity: capacity,
            state: random.Next(8) == 0 ? ClusterStates.Draining : ClusterStates.Active,
            seq: random.Next(1, 1000));
        return new ClusterEntry($"c{slot:D3}", report, now, now + random.Next(1, (int)Lease));
    }
}
