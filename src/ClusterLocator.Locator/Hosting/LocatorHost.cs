using ClusterLocator.Locator.Api;
using ClusterLocator.Locator.Diagnostics;
using ClusterLocator.Locator.Placement;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Locator.Registry.Etcd;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace ClusterLocator.Locator.Hosting;

/// <summary>Builds the locator: Kestrel, the registry and the HTTP API v1.</summary>
public static class LocatorHost
{
    /// <summary>Builds a locator from <paramref name="options"/>; call <c>RunAsync</c> on the result.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public static WebApplication Build(LocatorOptions options, Action<ILoggingBuilder>? configureLogging = null) =>
        Build(options, TimeProvider.System, Random.Shared, configureLogging);

    internal static WebApplication Build(LocatorOptions options, TimeProvider time, Random random, Action<ILoggingBuilder>? configureLogging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = LocatorOptionsValidator.Validate(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls([.. options.EffectiveUrls]);
        // Every handler is short and never blocks, so running it on the socket's completion thread
        // saves a thread-pool hop per request (what Kestrel's fastest configurations do).
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = RegistryEndpoints.MaxBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        // Off entirely: while this category is enabled at any level, ASP.NET Core creates an
        // Activity for every request.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        configureLogging?.Invoke(builder.Logging);

        var services = builder.Services;
        services.AddSingleton(options);
        if (options.IsSharedStore)
        {
            // The validator has checked the address.
            _ = EtcdStoreAddress.TryParse(options.Store, out var endpoints, out var tls, out _);
            if (tls)
            {
                // Made by the container so that it disposes the certificates, after the store.
                services.AddSingleton(_ => EtcdTls.Load(options));
            }

            services.AddSingleton(sp => EtcdClients.Create(endpoints, tls ? sp.GetRequiredService<EtcdTls>() : null));
            services.AddSingleton(time);
            services.AddEtcdClusterStore();
        }
        else
        {
            services.AddSingleton<IClusterStore, MemoryClusterStore>();
        }

        services.AddSingleton(sp => new ClusterRegistry(sp.GetRequiredService<IClusterStore>(), time, options, sp.GetRequiredService<ILogger<ClusterRegistry>>()));
        services.AddSingleton(new ClusterSelector(PlacementPolicyFactory.Create(options.Policy, random)));
        services.AddSingleton(sp =>
        {
            var registry = sp.GetRequiredService<ClusterRegistry>();
            return new LocatorReadiness(time, options.EffectiveWarmUp, () => registry.IsStoreLoaded);
        });
        services.AddSingleton(new ControllerTokenGuard(options.ControllerToken));
        services.AddSingleton<LocatorMetrics>();
        services.AddSingleton<RegistryEndpoints>();
        services.AddSingleton<LocateEndpoint>();
        services.AddSingleton<SystemEndpoints>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(LocatorMetrics.MeterName, "Microsoft.AspNetCore.Server.Kestrel")
            .AddPrometheusExporter());

        var app = builder.Build();
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.Services.GetRequiredService<RegistryEndpoints>().Map(app);
        app.Services.GetRequiredService<LocateEndpoint>().Map(app);
        app.Services.GetRequiredService<SystemEndpoints>().Map(app);

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ClusterLocator.Locator");
        app.Lifetime.ApplicationStarted.Register(() => LocatorHostLog.Started(
            logger,
            string.Join(", ", app.Urls),
            options.Policy,
            options.Store,
            options.ControllerToken is null ? "not required" : "required",
            options.EffectiveWarmUp.TotalSeconds));
        return app;
    }
}
