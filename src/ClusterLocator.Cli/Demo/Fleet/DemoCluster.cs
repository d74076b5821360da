using ClusterLocator.Controller;
using ClusterLocator.Controller.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ClusterLocator.Cli.Demo.Fleet;

/// <summary>
/// One cluster of the demo: a real controller with a TCP front door on a loopback port, in front of
/// two echo members, reporting to the demo's locator. Its controller can be killed and started again
/// under the same cluster id; the members stay.
/// </summary>
internal sealed class DemoCluster : IAsyncDisposable
{
    private readonly Uri _locator;
    private readonly DemoLoggerProvider _logging;
    private readonly EchoMember[] _members;
    private IHost? _controller;

    private DemoCluster(DemoClusterSpec spec, Uri locator, DemoLoggerProvider logging)
    {
        Spec = spec;
        _locator = locator;
        _logging = logging;
        _members = [new EchoMember(), new EchoMember()];
    }

    public DemoClusterSpec Spec { get; }

    public string Id => Spec.Id;

    /// <summary>Whether its controller runs (false from a kill until the restart has bound its port).</summary>
    public bool IsRunning => Volatile.Read(ref _controller) is not null;

    /// <summary>Where its controller's TCP front door listens, <c>127.0.0.1:PORT</c>.</summary>
    public string? Address { get; private set; }

    public static async Task<DemoCluster> StartAsync(DemoClusterSpec spec, Uri locator, DemoLoggerProvider logging, CancellationToken cancellationToken)
    {
        var cluster = new DemoCluster(spec, locator, logging);
        try
        {
            await cluster.StartControllerAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a new controller for the cluster: a new incarnation on a new port.</summary>
    public async Task StartControllerAsync(CancellationToken cancellationToken)
    {
        var options = new ControllerOptions
        {
            ClusterId = Spec.Id,
            Service = DemoPlan.Service,
            Capacity = Spec.Capacity,
            ReportInterval = DemoPlan.ReportInterval,
            DrainTimeout = TimeSpan.FromSeconds(5),

            // Every cluster of the demo runs on this one host: its CPU would lower all their healths
            // alike and hide the capacities the demo is about. Sessions and members decide alone.
            ReportHostUsage = false,
        };
        options.Listen.Add(new Uri("tcp://127.0.0.1:0"));
        options.Locators.Add(_locator);
        foreach (var member in _members)
        {
            options.Members.Add(member.Address);
        }

        var host = ControllerHost.Build(options, _logging.Configure);
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            await DisposeAsync(host);
            throw;
        }

        Address = host.Services.GetRequiredService<FrontDoorEndpoints>().Tcp!.ToString();
        Volatile.Write(ref _controller, host);
    }

    /// <summary>
    /// Kills the controller as SIGKILL would: its host is disposed without being stopped, so it
    /// neither drains nor deregisters, its sessions are cut, and the locator expires it when its
    /// lease runs out.
    /// </summary>
    public async Task CrashAsync()
    {
        if (Interlocked.Exchange(ref _controller, null) is { } host)
        {
            await DisposeAsync(host);
        }
    }

    /// <summary>Stops the controller as SIGTERM would: drain, deregister.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _controller, null) is { } host)
        {
            try
            {
                await host.StopAsync(cancellationToken);
            }
            finally
            {
                await DisposeAsync(host);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        foreach (var member in _members)
        {
            await member.DisposeAsync();
        }
    }

    /// <summary>Disposes a controller's host; asynchronously, as some of its services can only be.</summary>
    private static async ValueTask DisposeAsync(IHost host)
    {
        if (host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }
    }
}
