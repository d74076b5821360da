using ClusterLocator.Controller.Diagnostics;
using ClusterLocator.Controller.Embedding;
using ClusterLocator.Controller.Hosting;
using ClusterLocator.Controller.Load;
using ClusterLocator.Controller.Members;
using ClusterLocator.Controller.Reporting;
using ClusterLocator.Protocol.Supervision;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ClusterLocator.Controller;

/// <summary>Lets an ASP.NET Core application register itself with locators as a one-member cluster.</summary>
public static class ClusterControllerServiceCollectionExtensions
{
    /// <summary>
    /// Registers this application as a cluster: it reports to every configured locator, its sessions
    /// are its requests in flight, and on shutdown it drains (answering new requests 503 with
    /// <c>ClusterLocator-Relocate</c>) and deregisters. Configure the returned builder, e.g.
    /// <c>.BindConfiguration("ClusterController")</c>: set <see cref="ControllerOptions.ClusterId"/>,
    /// <see cref="ControllerOptions.Service"/>, <see cref="ControllerOptions.Capacity"/> and at least one
    /// of <see cref="ControllerOptions.Locators"/>; front doors and members are not used.
    /// </summary>
    /// <remarks>
    /// The options are checked by <see cref="ControllerOptionsValidator"/> when the host starts: invalid
    /// ones stop it with an <see cref="OptionsValidationException"/> listing every problem. The
    /// application's bound address is in <see cref="FrontDoorEndpoints.Http"/> once it has started.
    /// </remarks>
    public static OptionsBuilder<ControllerOptions> AddClusterController(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IClusterLoadSource, EmbeddedLoadSource>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, RequestCountingStartupFilter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ControllerOptions>>(new ControllerOptionsValidator(embedded: true)));
        services.AddControllerCore();
        return services.AddOptions<ControllerOptions>().ValidateOnStart();
    }

    /// <summary>
    /// The same, with the options set by <paramref name="configure"/>, e.g. in code next to
    /// <c>.BindConfiguration(...)</c>.
    /// </summary>
    public static OptionsBuilder<ControllerOptions> AddClusterController(this IServiceCollection services, Action<ControllerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddClusterController().Configure(configure);
    }

    /// <summary>
    /// Sets the host's <see cref="HostOptions.ShutdownTimeout"/> to <see cref="ControllerOptions.DrainTimeout"/>
    /// plus 10 s, so that a shutdown waits for the drain and the deregistration instead of cutting them.
    /// </summary>
    /// <remarks>
    /// Opt-in: without it the controller leaves the host's options alone, and the host's own shutdown
    /// timeout (30 s unless the application sets it) bounds the drain. <c>clusterlocator controller</c>
    /// always applies it. Call it after <c>AddClusterController()</c>:
    /// <c>services.AddClusterController().BindConfiguration("ClusterController").ExtendShutdownTimeoutForDrain()</c>.
    /// An application that sets <see cref="HostOptions.ShutdownTimeout"/> itself after this call wins.
    /// </remarks>
    public static OptionsBuilder<ControllerOptions> ExtendShutdownTimeoutForDrain(this OptionsBuilder<ControllerOptions> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddShutdownTimeoutForDrain();
        return builder;
    }

    /// <summary>The host's shutdown timeout made long enough for the drain (<see cref="ShutdownTimeoutSetup"/>).</summary>
    internal static IServiceCollection AddShutdownTimeoutForDrain(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HostOptions>, ShutdownTimeoutSetup>());
        return services;
    }

    /// <summary>
    /// What every controller has, embedded or not: session gate, reporting and drain, over the
    /// <see cref="IOptions{ControllerOptions}"/> the caller registers.
    /// </summary>
    internal static IServiceCollection AddControllerCore(this IServiceCollection services)
    {
        // The controller's parts take the options' value; the host resolves it once, when it builds them.
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<ControllerOptions>>().Value);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new SessionGate(sp.GetRequiredService<ControllerOptions>().EffectiveMaxSessions));
        services.TryAddSingleton<HostUsage>();
        services.TryAddSingleton<AdvertisedEndpoints>();
        services.TryAddSingleton(_ => new FrontDoorEndpoints());

        // A holder, not an HttpClient service: the application's own stays its own.
        services.TryAddSingleton<LocatorHttpClient>();
        services.AddMetrics();
        services.TryAddSingleton<ControllerTaskFailures>();
        services.TryAddSingleton<ControllerMetrics>();
        services.TryAddSingleton(sp => new TaskSupervisor(sp.GetRequiredService<ControllerTaskFailures>(), sp.GetRequiredService<TimeProvider>(), TaskSupervisor.DefaultBackoffs(Random.Shared)));
        services.TryAddSingleton(sp => new ChangeWatch(sp.GetRequiredService<SessionGate>(), sp.GetService<MemberSet>(), sp.GetRequiredService<IClusterLoadSource>()));
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<ReportingAgent>(sp, sp.GetRequiredService<LocatorHttpClient>().Client));
        services.AddHostedService(sp => sp.GetRequiredService<ReportingAgent>());
        services.AddHostedService<ControllerLifecycle>();
        return services;
    }
}
