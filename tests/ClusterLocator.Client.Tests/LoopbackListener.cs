using System.Net;
using System.Net.Sockets;
using ClusterLocator.Testing;

namespace ClusterLocator.Client.Tests;

/// <summary>A TCP listener on a free loopback port; the test decides what each accepted connection does.</summary>
internal sealed class LoopbackListener : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public LoopbackListener()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(16);
        Address = $"127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}";
    }

    /// <summary>The address as a locator gives it for a TCP front door.</summary>
    public string Address { get; }

    public Task<Socket> AcceptAsync() => _listener.AcceptAsync().DefaultTimeout();

    /// <summary>A loopback address nothing listens on: binding port 0 and letting it go.</summary>
    public static string DeadAddress()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return $"127.0.0.1:{((IPEndPoint)socket.LocalEndPoint!).Port}";
    }

    public void Dispose() => _listener.Dispose();
}
