using ClusterLocator.Locator.Registry;
using ClusterLocator.Testing;

namespace ClusterLocator.Locator.Tests.Registry;

public class MemoryClusterStoreTests
{
    private readonly MemoryClusterStore _store = new();
    private readonly List<StoreChange> _changes = [];

    public MemoryClusterStoreTests() => _store.Changed += _changes.Add;

    [Fact]
    public void Kind_IsMemory()
    {
        Assert.Equal("memory", _store.Kind);
    }

    [Fact]
    public async Task Write_NewCluster_IsAcceptedAndRaisesChange()
    {
        var report = Reports.Create();

        var result = await _store.WriteAsync("a", report, CancellationToken.None).DefaultTimeout();

        Assert.True(result.IsAccepted);
        var change = Assert.Single(_changes);
        Assert.Equal("a", change.ClusterId);
        Assert.Same(report, change.Report);
    }

    [Fact]
    public async Task Write_OlderSeqOfSameIncarnation_IsOutOfOrderWithoutChange()
    {
        await _store.WriteAsync("a", Reports.Create(seq: 5), CancellationToken.None).DefaultTimeout();

        var result = await _store.WriteAsync("a", Reports.Create(seq: 4), CancellationToken.None).DefaultTimeout();

        Assert.False(result.IsAccepted);
        Assert.Equal(5, result.CurrentSeq);
        Assert.Single(_changes);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public async Task Write_EqualOrNewerSeq_IsAccepted(long seq)
    {
        await _store.WriteAsync("a", Reports.Create(seq: 5), CancellationToken.None).DefaultTimeout();

        var result = await _store.WriteAsync("a", Reports.Create(seq: seq), CancellationToken.None).DefaultTimeout();

        Assert.True(result.IsAccepted);
        Assert.Equal(seq, _changes[^1].Report!.Seq);
    }

    [Fact]
    public async Task Write_NewIncarnationWithLowerSeq_IsAccepted()
    {
        await _store.WriteAsync("a", Reports.Create(seq: 50, incarnation: "old"), CancellationToken.None).DefaultTimeout();

        var result = await _store.WriteAsync("a", Reports.Create(seq: 1, incarnation: "new"), CancellationToken.None).DefaultTimeout();

        Assert.True(result.IsAccepted);
        Assert.Equal("new", _changes[^1].Report!.Incarnation);
    }

    [Fact]
    public async Task Write_OlderSeqAfterNewIncarnation_IsRefused()
    {
        await _store.WriteAsync("a", Reports.Create(seq: 50, incarnation: "old"), CancellationToken.None).DefaultTimeout();
        await _store.WriteAsync("a", Reports.Create(seq: 7, incarnation: "new"), CancellationToken.None).DefaultTimeout();

        var result = await _store.WriteAsync("a", Reports.Create(seq: 6, incarnation: "new"), CancellationToken.None).DefaultTimeout();

        Assert.False(result.IsAccepted);
        Assert.Equal(7, result.CurrentSeq);
    }

    [Fact]
    public async Task Write_OtherCluster_IsIndependent()
    {
        await _store.WriteAsync("a", Reports.Create(seq: 50), CancellationToken.None).DefaultTimeout();

        Assert.True((await _store.WriteAsync("b", Reports.Create(seq: 1), CancellationToken.None).DefaultTimeout()).IsAccepted);
    }

    [Fact]
    public async Task Delete_Known_RemovesAndRaisesRemoval()
    {
        await _store.WriteAsync("a", Reports.Create(), CancellationToken.None).DefaultTimeout();

        await _store.DeleteAsync("a", ifCurrent: null, CancellationToken.None).DefaultTimeout();

        Assert.Equal(new StoreChange("a", null), _changes[^1]);
    }

    [Fact]
    public async Task Delete_Unknown_RaisesNothing()
    {
        await _store.DeleteAsync("a", ifCurrent: null, CancellationToken.None).DefaultTimeout();

        Assert.Empty(_changes);
    }

    [Fact]
    public async Task Delete_IfCurrentIsNoLongerStored_KeepsTheCluster()
    {
        var old = Reports.Create(seq: 1);
        await _store.WriteAsync("a", old, CancellationToken.None).DefaultTimeout();
        await _store.WriteAsync("a", Reports.Create(seq: 2), CancellationToken.None).DefaultTimeout();

        await _store.DeleteAsync("a", ifCurrent: old, CancellationToken.None).DefaultTimeout();

        Assert.Equal(2, _changes.Count);
        Assert.NotNull(_changes[^1].Report);
    }

    [Fact]
    public async Task Delete_IfCurrentIsStored_Removes()
    {
        var current = Reports.Create(seq: 1);
        await _store.WriteAsync("a", current, CancellationToken.None).DefaultTimeout();

        await _store.DeleteAsync("a", ifCurrent: current, CancellationToken.None).DefaultTimeout();

        Assert.Null(_changes[^1].Report);
    }

    [Fact]
    public async Task Delete_ThenOlderSeq_IsAcceptedAsANewRegistration()
    {
        await _store.WriteAsync("a", Reports.Create(seq: 9), CancellationToken.None).DefaultTimeout();
        await _store.DeleteAsync("a", ifCurrent: null, CancellationToken.None).DefaultTimeout();

        Assert.True((await _store.WriteAsync("a", Reports.Create(seq: 1), CancellationToken.None).DefaultTimeout()).IsAccepted);
    }
}
