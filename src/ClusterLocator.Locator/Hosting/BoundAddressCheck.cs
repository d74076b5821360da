using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClusterLocator.Locator.Hosting;

/// <summary>
/// Once the server has bound, reads where it actually listens, whatever set it (the CLI's URLs,
/// <c>Kestrel:Endpoints</c>, <c>ASPNETCORE_URLS</c>, the hosting application's own code), and holds
/// it to the rule the options validator applies to <see cref="LocatorOptions.Urls"/>: beyond loopback
/// only with a controller token, or <see cref="LocatorOptions.Insecure"/>. A breach stops the start
/// with an <see cref="OptionsValidationException"/>, before the host reports it started. Then it
/// publishes the <see cref="ListenScope"/>, and warns when the locator is reachable in plain HTTP.
/// </summary>
/// <remarks>
/// Also in an application hosting the locator: a locator anyone on the network can write to sends
/// every client wherever that writer says, however the address was configured.
/// </remarks>
internal sealed partial class BoundAddressCheck(IServiceProvider services, IOptions<LocatorOptions> options, ListenScope scope, ILogger<BoundAddressCheck> logger)
    : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        // Not every server says where it listens (a test server does not listen at all).
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        var unguarded = LocatorOptionsValidator.UnguardedBeyondLoopback(options.Value, addresses);
        if (unguarded.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(LocatorOptions), [LocatorOptionsValidator.BoundBeyondLoopbackError(unguarded)]);
        }

        scope.Publish(addresses);
        if (scope.Transport == Protocol.LocatorTransports.Plaintext)
        {
            Log.PlaintextBeyondLoopback(logger, string.Join(", ", addresses.Where(address => !ListenAddresses.IsLoopback(address))));
        }

        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
