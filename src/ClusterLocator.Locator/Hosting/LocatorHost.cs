using ClusterLocator.Locator.Api;
using ClusterLocator.Locator.Diagnostics;
using ClusterLocator.Locator.Placement;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ClusterLocator.Protocol.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ClusterLocator.Locator.Hosting;

/// <summary>
/// The locator as a process of its own, as <c>clusterlocator locator</c> runs it: Kestrel tuned for
/// short requests, <see cref="ClusterLocatorServiceCollectionExtensions.AddClusterLocator"/>,
/// <see cref="ClusterLocatorEndpointRouteBuilderExtensions.MapClusterLocator"/>, a Prometheus
/// endpoint at <c>/metrics</c>, the OpenAPI document at <c>/openapi/v1.json</c> and problems for the
/// framework's errors (<see cref="ApiPipeline"/>).
/// </summary>
public static partial class LocatorHost
{
    /// <summary>Builds a locator from <paramref name="options"/>; call <c>RunAsync</c> on the result.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid; the failures list every problem.</exception>
    public static WebApplication Build(LocatorOptions options, Action<ILoggingBuilder>? configureLogging = null) =>
        Build(options, TimeProvider.System, Random.Shared, configureLogging);

    // configureServices is called after the locator's services are added: a test replaces one (the store) there.
    internal static WebApplication Build(LocatorOptions options, TimeProvider time, Random random, Action<ILoggingBuilder>? configureLogging = null, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(options);
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

            // Limits: a connection past the cap is closed before any request is read; a client
            // sending its headers slower than the timeout is cut off. A request of the API has a
            // handful of headers: 64 leaves room for proxies and tracing, and no more.
            // Kestrel is configured before the options are validated: a value it would throw on is
            // left out here, and the validator reports it with every other problem.
            kestrel.Limits.MaxRequestHeaderCount = 64;
            if (options.MaxConnections > 0)
            {
                kestrel.Limits.MaxConcurrentConnections = options.MaxConnections;
            }

            if (options.KeepAliveTimeout > TimeSpan.Zero)
            {
                kestrel.Limits.KeepAliveTimeout = options.KeepAliveTimeout;
            }

            if (options.RequestHeadersTimeout > TimeSpan.Zero)
            {
                kestrel.Limits.RequestHeadersTimeout = options.RequestHeadersTimeout;
            }
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        // Off entirely: while this category is enabled at any level, ASP.NET Core creates an
        // Activity for every request.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        configureLogging?.Invoke(builder.Logging);
        LocatorHttps.Add(builder, options, time);

        var services = builder.Services;
        services.AddSingleton(time);
        services.AddKeyedSingleton(PlacementPolicies.RandomKey, random);
        services.AddClusterLocator();
        services.AddSingleton<IOptionsFactory<LocatorOptions>>(sp => new GivenOptionsFactory<LocatorOptions>(
            options,
            sp.GetServices<IConfigureOptions<LocatorOptions>>(),
            sp.GetServices<IPostConfigureOptions<LocatorOptions>>(),
            sp.GetServices<IValidateOptions<LocatorOptions>>()));

        // A host concern: an application that hosts the locator exports metrics its own way, adding
        // the locator's meter to whatever it already exports.
        var telemetry = services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(LocatorMetrics.MeterName, "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime")
            .AddView(LocatorMetrics.PlacementsInstrument, PerClusterStream(options))
            .AddView(LocatorMetrics.HealthInstrument, PerClusterStream(options))
            .AddPrometheusExporter());

        // Problems for the framework's errors, and the OpenAPI document.
        ApiPipeline.AddServices(services);
        configureServices?.Invoke(services);

        // Telemetry: the opt-in OTLP exporter (the validator has checked the address).
        if (options.OtlpEndpoint is not null && OtlpEndpoint.TryParse(options.OtlpEndpoint, out var collector))
        {
            telemetry.WithTracing(tracing => tracing.AddSource(LocatorActivities.SourceName)).UseOtlpExporter(OtlpEndpoint.HttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc, collector);
        }

        var app = builder.Build();
        try
        {
            LocatorHttps.Load(app, options);
            ApiPipeline.Use(app);
            app.MapClusterLocator();
            ApiPipeline.MapDocument(app);
        }
        catch
        {
            // Nothing has started; the container may hold what was made before the failure.
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }

        app.MapPrometheusScrapingEndpoint("/metrics").Add(app.Services.GetRequiredService<LoopbackHostFilter>().Apply);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ClusterLocator.Locator");
        app.Lifetime.ApplicationStarted.Register(() => Log.Started(
            logger,
            string.Join(", ", app.Urls),
            options.Policy,
            options.Store,
            options.ControllerToken is null ? "not required" : "required",
            options.EffectiveWarmUp.TotalSeconds));
        return app;
    }

    /// <summary>
    /// The per-cluster series, labelled only with registered clusters: room for every cluster the
    /// registry may hold, and as many again for clusters since forgotten, whose series a cumulative
    /// exporter keeps; past that, new series fold into the exporter's overflow series instead of
    /// growing without bound.
    /// </summary>
    private static MetricStreamConfiguration PerClusterStream(LocatorOptions options) =>
        new() { CardinalityLimit = (int)Math.Min(int.MaxValue, (2L * options.MaxClusters) + 1) };
}
