using System.Net;

namespace ClusterLocator.Controller;

/// <summary>
/// Where the controller's front doors listen, as bound: with the real port when port 0 was asked.
/// Resolve it from the host's services; it is filled in once the host has started, before
/// <c>StartAsync</c> returns.
/// </summary>
public sealed class FrontDoorEndpoints
{
    internal FrontDoorEndpoints()
    {
    }

    /// <summary>The TCP front door's address; null when the controller has none, or before it has started.</summary>
    public IPEndPoint? Tcp { get; private set; }

    /// <summary>
    /// The HTTP front door's address (for an application registered with <c>AddClusterController</c>,
    /// the application's own); null when the controller has none, or before it has started.
    /// </summary>
    public IPEndPoint? Http { get; private set; }

    internal void Publish(IPEndPoint? tcp, IPEndPoint? http)
    {
        Tcp = tcp;
        Http = http;
    }
}
