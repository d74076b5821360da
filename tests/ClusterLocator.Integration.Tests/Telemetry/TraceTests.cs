using System.Collections.Concurrent;
using System.Diagnostics;
using ClusterLocator.Client;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Telemetry;

/// <summary>
/// A locate is one trace from the client through the locator: the SDK's <c>locate</c> activity is
/// the parent of its HTTP request's, which is the parent of the locator's, which names the cluster chosen.
/// </summary>
public sealed class TraceTests
{
    [Fact]
    public async Task Locate_ThroughARealLocator_LocatorActivityIsTheClientActivitysChild()
    {
        // A service name of its own: the listener hears every test's locates in this process.
        const string Service = "traced";
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "ClusterLocator.Client" or "ClusterLocator.Locator" or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var locator = await TestLocator.StartAsync();
        await locator.RegisterAsync("a", Reports.Create(service: Service));
        using var client = new LocatorClient([locator.BaseAddress]);

        var placement = await client.LocateAsync(Service).DefaultTimeout();

        Activity? parent = null;
        Activity? request = null;
        Activity? child = null;
        await Eventually.HoldsAsync(
            () =>
            {
                parent = stopped.FirstOrDefault(a => a.Source.Name == "ClusterLocator.Client" && a.OperationName == "locate" && (string?)a.GetTagItem("service_name") == Service);
                child = stopped.FirstOrDefault(a => a.Source.Name == "ClusterLocator.Locator" && (string?)a.GetTagItem("service_name") == Service);
                request = child is null ? null : stopped.FirstOrDefault(a => a.Source.Name == "System.Net.Http" && a.SpanId == child.ParentSpanId);
                return parent is not null && child is not null && request is not null;
            },
            "the client's locate, its HTTP request and the locator's locate to stop, one the parent of the next");
        Assert.Equal(parent!.TraceId, child!.TraceId);
        Assert.Equal(parent.SpanId, request!.ParentSpanId);
        Assert.Equal(ActivityKind.Client, parent.Kind);
        Assert.Equal(ActivityKind.Server, child.Kind);
        Assert.Equal(placement.ClusterId, child.GetTagItem("cluster_id"));
        Assert.Equal("placed", child.GetTagItem("clusterlocator.result"));
        Assert.Equal("answered", parent.GetTagItem("clusterlocator.result"));
    }
}
