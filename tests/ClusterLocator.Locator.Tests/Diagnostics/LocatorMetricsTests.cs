using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using ClusterLocator.Locator.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterLocator.Locator.Tests.Diagnostics;

/// <summary>
/// The locate latency histogram sits on the locate hot path: timing a locate that completes
/// synchronously, with the histogram listened to and nobody tracing, allocates nothing.
/// </summary>
public sealed class LocatorMetricsTests
{
    [Fact]
    public async Task TimeLocates_SynchronousLocateWhileTheHistogramIsListened_RecordsEachAndAllocatesNothing()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddClusterLocator();
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IMeterFactory>();
        var metrics = provider.GetRequiredService<LocatorMetrics>();
        var recorded = new StrongBox<long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name == LocatorMetrics.LocateDurationInstrument)
            {
                l.EnableMeasurementEvents(instrument, recorded);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, _, _, state) => ((StrongBox<long>)state!).Value++);
        listener.Start();
        var locate = metrics.TimeLocates(_ => Task.CompletedTask);
        var context = new DefaultHttpContext();
        await locate(context);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            _ = locate(context);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1001, recorded.Value);
    }
}
