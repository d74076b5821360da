using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ClusterLocator.Controller.Hosting;

/// <summary>
/// Gives the host time to drain: draining waits up to <see cref="ControllerOptions.DrainTimeout"/>
/// before the front doors stop, so the host's shutdown timeout is that plus a margin to deregister
/// and stop.
/// </summary>
internal sealed class ShutdownTimeoutSetup(IOptions<ControllerOptions> controller) : IConfigureOptions<HostOptions>
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(10);

    public void Configure(HostOptions options)
    {
        try
        {
            options.ShutdownTimeout = controller.Value.DrainTimeout + Margin;
        }
        catch (OptionsValidationException)
        {
            // The host reads its options when it is built, before it validates the controller's on
            // start; invalid ones stop it then, with every problem listed, so there is no drain to wait for.
        }
    }
}
