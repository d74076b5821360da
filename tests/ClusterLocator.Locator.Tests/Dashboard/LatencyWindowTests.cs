using ClusterLocator.Locator.Dashboard;

namespace ClusterLocator.Locator.Tests.Dashboard;

public sealed class LatencyWindowTests
{
    [Fact]
    public void P99_NothingRecorded_IsNull() => Assert.Null(new LatencyWindow().P99());

    [Fact]
    public void P99_IsTheSlowOnePercent_WithinABucket()
    {
        var window = new LatencyWindow();
        for (var i = 0; i < 990; i++)
        {
            window.Record(0.0002);
        }

        for (var i = 0; i < 10; i++)
        {
            window.Record(0.050);
        }

        // 99 % of the locates took 200 µs: the 99th is the 990th, in the 200 µs bucket.
        var p99 = window.P99()!.Value;
        Assert.InRange(p99, 0.0002, 0.0002 * 1.1);

        window.Record(0.050);
        Assert.InRange(window.P99()!.Value, 0.050, 0.050 * 1.1);
    }

    [Fact]
    public void Roll_ForgetsASecondAfterTheWindow()
    {
        var window = new LatencyWindow();
        window.Record(0.5);
        for (var second = 0; second < LatencyWindow.Seconds - 1; second++)
        {
            window.Roll();
            Assert.NotNull(window.P99());
        }

        window.Roll();

        Assert.Null(window.P99());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(1e9)]
    public void Record_OutOfRange_CountsInTheEdgeBuckets(double seconds)
    {
        var window = new LatencyWindow();

        window.Record(seconds);

        Assert.NotNull(window.P99());
    }
}
