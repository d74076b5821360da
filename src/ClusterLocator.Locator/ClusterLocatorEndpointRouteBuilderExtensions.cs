using ClusterLocator.Locator.Api;
using ClusterLocator.Locator.Dashboard;
using ClusterLocator.Locator.Sharing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterLocator.Locator;

/// <summary>Maps the endpoints of the locator added with <c>AddClusterLocator</c>.</summary>
public static class ClusterLocatorEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the locator's HTTP API v1 (<c>/v1/clusters</c>, <c>/v1/locate</c>, <c>/v1/status</c>, <c>/v1/placements</c>),
    /// <c>/healthz</c>, <c>/readyz</c> and the dashboard at <c>/</c>. While the server listens on loopback
    /// only, they answer 421 to a request for a host that is not a loopback one or one of
    /// <see cref="LocatorOptions.AllowedHosts"/> (DNS rebinding). Not <c>/metrics</c>: the
    /// locator's meter is <c>ClusterLocator.Locator</c>, exported however the application exports metrics.
    /// </summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <returns>A builder for conventions that apply to every locator endpoint, such as <c>RequireHost</c>.</returns>
    /// <exception cref="InvalidOperationException"><c>AddClusterLocator</c> was not called.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid; the failures list every problem.</exception>
    public static IEndpointConventionBuilder MapClusterLocator(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        if (services.GetService<RegistryEndpoints>() is not { } registry)
        {
            throw new InvalidOperationException("The locator's services are missing: call services.AddClusterLocator() before app.MapClusterLocator().");
        }

        // The handlers are made here, not at the first request, so bad options stop the start.
        var group = endpoints.MapGroup(string.Empty);
        registry.Map(group);
        services.GetRequiredService<LocateEndpoint>().Map(group);
        services.GetRequiredService<SystemEndpoints>().Map(group);
        services.GetRequiredService<PlacementsEndpoint>().Map(group);

        // Dashboard: the page at /, its files and its live stream under /dashboard/.
        services.GetRequiredService<DashboardEndpoints>().Map(group);
        ((IEndpointConventionBuilder)group).Add(services.GetRequiredService<LoopbackHostFilter>().Apply);
        return group;
    }
}
