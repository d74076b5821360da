using System.Net;
using ClusterLocator.Controller.Diagnostics;
using ClusterLocator.Controller.Http;
using ClusterLocator.Controller.Load;
using ClusterLocator.Controller.Members;
using ClusterLocator.Controller.Tcp;
using ClusterLocator.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClusterLocator.Controller.Hosting;

/// <summary>
/// Builds a standalone cluster controller: its front doors, member probes, reporting and drain, in
/// a host of its own. This is what <c>clusterlocator controller</c> runs.
/// </summary>
/// <remarks>
/// Stopping the host (SIGTERM, Ctrl-C, <c>StopAsync</c>) drains: the cluster reports
/// <c>draining</c>, waits for its sessions up to <see cref="ControllerOptions.DrainTimeout"/> and
/// deregisters. Disposing the host without stopping it is a crash, as when the process is killed:
/// nothing more is reported, not even a deregistration, the front doors close and cut their
/// sessions, and the locators expire the cluster when its lease runs out. Once started, the front
/// doors' bound addresses are in the host's <see cref="FrontDoorEndpoints"/> service.
/// </remarks>
public static class ControllerHost
{
    /// <summary>How long the HTTP front door keeps an idle keep-alive connection.</summary>
    internal static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long a client has to send a request's headers.</summary>
    internal static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Builds a controller from <paramref name="options"/>; call <c>RunAsync</c> on the result.</summary>
    /// <param name="options">The controller's options; they are checked with <see cref="ControllerOptionsValidator.Validate(ControllerOptions)"/>.</param>
    /// <param name="configureLogging">Changes the host's logging, e.g. its level or providers.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    /// <exception cref="OptionsValidationException">The front door's certificate files cannot be used; the failures name each one and its fix.</exception>
    public static IHost Build(ControllerOptions options, Action<ILoggingBuilder>? configureLogging = null) =>
        Build(options, TimeProvider.System, configureLogging);

    internal static IHost Build(ControllerOptions options, TimeProvider time, Action<ILoggingBuilder>? configureLogging = null, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Checked here rather than on start: the front doors decide what kind of host to build.
        var errors = ControllerOptionsValidator.Validate(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        var http = options.HttpListen;
        var tcp = options.Listen.FirstOrDefault(u => u.Scheme == Protocols.Tcp);

        // Read before anything starts, so a bad file fails the build rather than the bind.
        var certificate = http?.Scheme == "https" ? FrontDoorCertificate.Load(options) : null;
        IHostApplicationBuilder builder = http is null ? Host.CreateApplicationBuilder() : WebApplication.CreateSlimBuilder();
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Yarp", LogLevel.Warning);

        // ASP.NET Core's hosting starts an Activity and a logging scope for every request whenever its
        // Diagnostics logger is on at any level, and HttpClient then starts a child Activity for the
        // forwarded request because one is current: work on every request that nobody reads. Off, they
        // are made only for a real listener (OpenTelemetry). The category's other lines are the
        // per-request ones at Information and start-up failures, which fail the host's start anyway.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        configureLogging?.Invoke(builder.Logging);

        var services = builder.Services;

        services.AddSingleton(Options.Create(options));
        services.AddSingleton(time);
        services.TryAddSingleton<IClusterLoadSource, ControllerLoadSource>();

        // Before the core's default, which has no per-client share: an embedded app's clients are its own business.
        services.AddSingleton(_ => new SessionGate(options.EffectiveMaxSessions, options.EffectiveMaxSessionsPerClient));
        services.AddControllerCore();

        // A process of its own: the host waits for the drain (an embedding application opts in).
        services.AddShutdownTimeoutForDrain();
        services.AddSingleton(new MemberSet(options.Members));
        services.TryAddSingleton<MemberProbeHttpClient>();
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<MemberProber>(sp, sp.GetRequiredService<MemberProbeHttpClient>().Client));
        if (tcp is not null)
        {
            services.AddSingleton(sp => new TcpFrontDoor(
                ToEndPoint(tcp),
                sp.GetRequiredService<SessionGate>(),
                sp.GetRequiredService<MemberSet>(),
                options.IdleTimeout,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<TcpFrontDoor>>()));
            services.AddHostedService(sp => sp.GetRequiredService<TcpFrontDoor>());
        }

        // Telemetry: /metrics on the admin listener, the opt-in OTLP exporter.
        ControllerTelemetry.Add(services, options);
        configureServices?.Invoke(services);

        if (builder is not WebApplicationBuilder web)
        {
            return ((HostApplicationBuilder)builder).Build();
        }

        services.AddHttpForwarder();
        services.AddSingleton<HttpFrontDoor>();
        var pinned = options.HttpMode == HttpFrontDoorMode.Pinned;
        if (pinned)
        {
            services.AddSingleton(sp => new PinnedHttpFrontDoor(
                sp.GetRequiredService<SessionGate>(),
                sp.GetRequiredService<MemberSet>(),
                options.IdleTimeout,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<PinnedHttpFrontDoor>>()));
            services.AddHostedService(sp => sp.GetRequiredService<PinnedHttpFrontDoor>());
        }

        if (certificate is not null)
        {
            // Registered through a factory so that the host disposes it.
            services.AddSingleton(_ => certificate);

            // The slim builder leaves Kestrel's HTTPS set-up out until asked.
            web.WebHost.UseKestrelHttpsConfiguration();
        }

        if (pinned)
        {
            // Kestrel hands what a connection receives to its middleware, and what the middleware
            // writes to its sender, through a thread-pool hop each by default, so that slow application
            // code cannot hold up the socket's own loop. In pinned mode the only code behind Kestrel is
            // the relay, which never blocks: running it where the receive completed (a thread-pool
            // thread already; socket completions are not inline) saves two hops per request.
            web.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        }

        web.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.AddServerHeader = false;
            ApplyLimits(kestrel.Limits, options);
            kestrel.Listen(ToEndPoint(http!), listen =>
            {
                if (pinned)
                {
                    // A pinned HTTP/2 connection would pin all its streams: ALPN offers HTTP/1.1 only.
                    listen.Protocols = HttpProtocols.Http1;
                }
                else
                {
                    listen.Use(kestrel.ApplicationServices.GetRequiredService<HttpFrontDoor>().CloseOnDrain);
                }

                listen.Use(kestrel.ApplicationServices.GetRequiredService<ControllerMetrics>().Http.Count);

                if (certificate is not null)
                {
                    // HTTP/1.1 and HTTP/2 through ALPN, Kestrel's defaults for a TLS endpoint.
                    listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = certificate.Certificate, ServerCertificateChain = certificate.Chain });
                }

                if (pinned)
                {
                    // After TLS, so it ends at the controller; Kestrel's HTTP server never sees these connections.
                    var handler = kestrel.ApplicationServices.GetRequiredService<PinnedHttpFrontDoor>().Handler(kestrel.Limits);
                    listen.Use(_ => handler);
                }
            });
        });
        var app = web.Build();
        var frontDoor = app.Services.GetRequiredService<HttpFrontDoor>();
        app.Run(frontDoor.ForwardAsync);
        return app;
    }

    /// <summary>
    /// Kestrel's limits for the HTTP front door, so held-open and slow connections cost little: a
    /// connection cap, idle keep-alive connections closed after <see cref="KeepAliveTimeout"/>
    /// (Kestrel's default is 130 s), and request headers due within <see cref="RequestHeadersTimeout"/>
    /// (30 s by default), against clients that send them a byte at a time. Kestrel's minimum body
    /// data rates (240 bytes/s after 5 s) already stop slow bodies.
    /// </summary>
    internal static void ApplyLimits(KestrelServerLimits limits, ControllerOptions options)
    {
        limits.MaxConcurrentConnections = options.MaxConnections;
        limits.MaxConcurrentUpgradedConnections = options.MaxConnections;
        limits.KeepAliveTimeout = KeepAliveTimeout;
        limits.RequestHeadersTimeout = RequestHeadersTimeout;
    }

    private static IPEndPoint ToEndPoint(Uri listen) =>
        new(listen.Host is "localhost" ? IPAddress.Loopback : IPAddress.Parse(listen.Host.Trim('[', ']')), listen.Port);
}
