using ClusterLocator.Controller.Embedding;
using ClusterLocator.Controller.Hosting;
using ClusterLocator.Controller.Load;
using ClusterLocator.Controller.Reporting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace ClusterLocator.Controller;

/// <summary>Lets an ASP.NET Core application register itself with locators as a one-member cluster.</summary>
public static class ClusterControllerServiceCollectionExtensions
{
    /// <summary>
    /// Registers this application as a cluster: it reports to every configured locator, its sessions
    /// are its requests in flight, and on shutdown it drains (answering new requests 503 with
    /// <c>ClusterLocator-Relocate</c>) and deregisters. Set <see cref="ControllerOptions.ClusterId"/>,
    /// <see cref="ControllerOptions.Service"/>, <see cref="ControllerOptions.Capacity"/> and at least one
    /// locator; front doors and members are not used.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public static IServiceCollection AddClusterController(this IServiceCollection services, Action<ControllerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new ControllerOptions();
        configure(options);
        var errors = ControllerOptionsValidator.Validate(options, embedded: true);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(configure));
        }

        services.TryAddSingleton<IClusterLoadSource, EmbeddedLoadSource>();
        services.AddControllerCore(options, TimeProvider.System);
        services.AddSingleton<IStartupFilter, RequestCountingStartupFilter>();
        return services;
    }

    /// <summary>What every controller has, embedded or not: options, session gate, reporting and drain.</summary>
    internal static IServiceCollection AddControllerCore(this IServiceCollection services, ControllerOptions options, TimeProvider time)
    {
        // Draining waits up to the drain timeout before the front doors stop: the host must wait longer.
        services.Configure<HostOptions>(o => o.ShutdownTimeout = options.DrainTimeout + TimeSpan.FromSeconds(10));
        services.AddSingleton(options);
        services.TryAddSingleton(time);
        services.AddSingleton(new SessionGate(options.EffectiveMaxSessions));
        services.AddSingleton<HostUsage>();
        services.AddSingleton<AdvertisedEndpoints>();
        services.AddSingleton<ControllerCrash>();
        services.AddSingleton(_ => new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) }));
        services.AddSingleton<ReportingAgent>();
        services.AddHostedService(sp => sp.GetRequiredService<ReportingAgent>());
        services.AddHostedService<ControllerLifecycle>();
        return services;
    }
}
