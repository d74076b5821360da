using System.Net;
using System.Net.Sockets;

namespace ClusterLocator.Integration.Tests.Infrastructure;

/// <summary>Loopback ports for tests that need an address nothing answers on (yet).</summary>
internal static class LoopbackPorts
{
    /// <summary>A port that was free a moment ago: binding port 0 and letting it go.</summary>
    public static int Free()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>An http URL on a free loopback port: connecting to it is refused.</summary>
    public static Uri DeadUrl() => new($"http://127.0.0.1:{Free()}/");
}
