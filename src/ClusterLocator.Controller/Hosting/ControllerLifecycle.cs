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
/// After a simulated crash (<see cref="ControllerCrash"/>) it only stops the reports.
/// </summary>
internal sealed partial class ControllerLifecycle(
    ControllerOptions options,
    IServiceProvider services,
    AdvertisedEndpoints endpoints,
    ReportingAgent agent,
    SessionGate gate,
    ControllerCrash crash,
    TimeProvider time,
    ILogger<ControllerLifecycle> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var advertised = new List<ClusterEndpoint>();
        if (options.Listen.Count == 0)
        {
            // Embedded in an application: the application's own HTTP address is the front door.
            advertised.Add(new ClusterEndpoint(Protocols.Http, "http://" + Advertise(HttpEndPoint())));
        }

        foreach (var listen in options.Listen)
        {
            advertised.Add(listen.Scheme == Protocols.Tcp
                ? new ClusterEndpoint(Protocols.Tcp, Advertise(services.GetRequiredService<TcpFrontDoor>().LocalEndPoint!))
                : new ClusterEndpoint(Protocols.Http, "http://" + Advertise(HttpEndPoint())));
        }

        endpoints.Publish(advertised);
        Log.Ready(logger, options.ClusterId, options.Service, string.Join(", ", advertised.Select(e => $"{e.Protocol} {e.Address}")), options.Locators.Count);
        return Task.CompletedTask;
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (crash.IsCrashed)
        {
            // A killed process sends nothing more: stop the reports now, before the front doors close,
            // so no report of the dying controller renews its lease. No drain, no deregistration.
            Log.Crashed(logger, gate.Live);
            await agent.StopAsync(cancellationToken);
            return;
        }

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

    private static partial class Log
    {
        [LoggerMessage(50, LogLevel.Information, "Controller of cluster '{ClusterId}' (service '{Service}') ready: {Endpoints}; reporting to {LocatorCount} locator(s).", EventName = "ControllerReady")]
        public static partial void Ready(ILogger logger, string clusterId, string service, string endpoints, int locatorCount);

        [LoggerMessage(51, LogLevel.Information, "Draining: reporting 'draining', refusing new sessions, waiting up to {TimeoutSeconds}s for {Live} live session(s).", EventName = "Draining")]
        public static partial void Draining(ILogger logger, int live, double timeoutSeconds);

        [LoggerMessage(52, LogLevel.Information, "Drained: every session has ended.", EventName = "Drained")]
        public static partial void Drained(ILogger logger);

        [LoggerMessage(53, LogLevel.Warning, "Drain timed out with {Live} session(s) still open; they are cut.", EventName = "DrainTimedOut")]
        public static partial void DrainTimedOut(ILogger logger, int live);

        [LoggerMessage(54, LogLevel.Warning, "Simulated crash: no drain, no deregistration; {Live} live session(s) are cut.", EventName = "Crashed")]
        public static partial void Crashed(ILogger logger, int live);
    }
}
