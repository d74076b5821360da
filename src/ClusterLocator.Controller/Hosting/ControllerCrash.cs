using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ClusterLocator.Controller.Hosting;

/// <summary>
/// Simulates a crash for the demo: the controller stops as if it had been killed (SIGKILL). It
/// reports nothing more, neither <c>draining</c> nor a deregistration, so the locators learn of it
/// only when its lease runs out; its listener closes, so new connects are refused; its live sessions
/// are cut. That is what <c>clusterlocator demo</c> shows, without killing its own process.
/// </summary>
/// <remarks>
/// Exact for the TCP front door. Kestrel, behind an HTTP front door, still lets requests in flight
/// finish while it stops.
/// </remarks>
internal sealed class ControllerCrash
{
    private volatile bool _crashed;

    /// <summary>Whether the controller is stopping because of a simulated crash.</summary>
    public bool IsCrashed => _crashed;

    /// <summary>Crashes the controller of <paramref name="host"/>: no drain, no deregistration, sessions cut.</summary>
    public static async Task CrashAsync(IHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        host.Services.GetRequiredService<ControllerCrash>()._crashed = true;
        await host.StopAsync(cancellationToken);
    }
}
