using System.Net;
using ClusterLocator.Controller.Reporting;
using ClusterLocator.Controller.Tcp;
using ClusterLocator.Protocol;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Controller.Hosting;

/// <summary>
/// Publishes the front doors' addresses once they are bound, and drains on shutdown: report
/// <c>draining</c>, refuse new sessions, wait for the live ones (up to the drain timeout),
/// deregister from every locator. It runs before the front doors stop, so live sessions go on.
/// A host disposed without being stopped never gets here: that is a crash, and the locators
/// expire the cluster when its lease runs out.
/// </summary>
internal sealed partial class ControllerLifecycle(
    ControllerOptions options,
    IServiceProvider services,
    FrontDoorEndpoints bound,
    AdvertisedEndpoints advertised,
    ReportingAgent agent,
    SessionGate gate,
    TimeProvider time,
    ILogger<ControllerLifecycle> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        // Embedded in an application (no front door of its own), the application's HTTP address is the front door.
        var tcp = options.Listen.Any(u => u.Scheme == Protocols.Tcp) ? services.GetRequiredService<TcpFrontDoor>().LocalEndPoint : null;
        var http = options.Listen.Count == 0 || options.HttpListen is not null ? HttpEndPoint() : null;
        bound.Publish(tcp, http);

        // In the order given, so the first front door listed stays the preferred one.
        IReadOnlyList<ClusterEndpoint> endpoints = options.Listen.Count == 0
            ? [new ClusterEndpoint(Protocols.Http, "http://" + Advertise(http!))]
            : options.Listen.Select(listen => listen.Scheme == Protocols.Tcp
                ? new ClusterEndpoint(Protocols.Tcp, Advertise(tcp!))
                : new ClusterEndpoint(Protocols.Http, $"{listen.Scheme}://{Advertise(http!)}")).ToList();
        advertised.Publish(endpoints);
        Log.Ready(logger, options.ClusterId, options.Service, string.Join(", ", endpoints.Select(e => $"{e.Protocol} {e.Address}")), options.Locators.Count);
        return Task.CompletedTask;
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        Log.Draining(logger, gate.Live, options.DrainTimeout.TotalSeconds);
        var drained = gate.DrainAsync();
        await agent.ReportStateAsync(ClusterStates.Draining, cancellationToken);
        try
        {
            await drained.WaitAsync(options.DrainTimeout, time, cancellationToken);
            Log.Drained(logger);
        }
        catch (TimeoutException)
        {
            Log.DrainTimedOut(logger, gate.Live);
        }

        await agent.DeregisterAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private IPEndPoint HttpEndPoint()
    {
        var address = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new Uri(address.Replace("://[::]", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal));
        return new IPEndPoint(IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) ? ip : IPAddress.Loopback, uri.Port);
    }

    private string Advertise(IPEndPoint bound)
    {
        var host = bound.Address.Equals(IPAddress.Any) || bound.Address.Equals(IPAddress.IPv6Any)
            ? options.AdvertiseHost ?? Dns.GetHostName()
            : bound.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{bound.Address}]" : bound.Address.ToString();
        return $"{host}:{bound.Port}";
    }
}
