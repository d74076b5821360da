namespace ClusterLocator.Controller.Tests;

public sealed class SessionGateTests
{
    [Fact]
    public void TryEnter_UpToMax_ThenRefuses()
    {
        var gate = new SessionGate(2);

        Assert.True(gate.TryEnter());
        Assert.True(gate.TryEnter());
        Assert.False(gate.TryEnter());
        Assert.Equal(2, gate.Live);

        gate.Exit();
        Assert.True(gate.TryEnter());
    }

    [Fact]
    public async Task Drain_RefusesNewSessions_AndCompletesWhenTheLastEnds()
    {
        var gate = new SessionGate(10);
        Assert.True(gate.TryEnter());

        var drained = gate.DrainAsync();

        Assert.False(gate.TryEnter());
        Assert.False(drained.IsCompleted);
        gate.Exit();
        await drained.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Drain_WithNoSession_IsAlreadyComplete()
    {
        Assert.True(new SessionGate(1).DrainAsync().IsCompleted);
    }
}
