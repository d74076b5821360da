using System.Diagnostics.Metrics;
using ClusterLocator.Locator.Diagnostics;
using ClusterLocator.Locator.Hosting;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Locator.Sharing;
using ClusterLocator.Protocol.Supervision;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterLocator.Locator.Tests.Sharing;

/// <summary>A <see cref="PlacementSender"/> as the locator host makes one, whose posts go to a test's handler.</summary>
internal static class TestPlacementSender
{
    /// <summary>
    /// A sender of <paramref name="registry"/>'s placements to <paramref name="peers"/>, every post
    /// answered by <paramref name="handler"/>, supervised and counted with the meters of
    /// <paramref name="services"/>, on <paramref name="time"/>.
    /// </summary>
    public static PlacementSender Create(
        ClusterRegistry registry,
        IPeerDirectory peers,
        LocatorOptions options,
        HttpMessageHandler handler,
        IServiceProvider services,
        TimeProvider time,
        ILogger<PlacementSender> log)
    {
        var meters = services.GetRequiredService<IMeterFactory>();
        var supervisor = new TaskSupervisor(new SupervisedTasks(meters, NullLogger<SupervisedTasks>.Instance), time, TaskSupervisor.DefaultBackoffs(new Random(1)));
        return new PlacementSender(registry, peers, new LocatorInstance(), options, new HandlerClients(handler), supervisor, new LocatorMetrics(meters, registry), time, log);
    }

    private sealed class HandlerClients(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }
}
