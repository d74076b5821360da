using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Infrastructure;

/// <summary>
/// A server that accepts connections and never answers: a hung locator, the worst kind of down
/// (a refused connection fails at once; this one only fails at the caller's timeout).
/// </summary>
internal sealed class SilentServer : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly ConcurrentBag<Socket> _held = [];
    private readonly Task _acceptLoop;

    public SilentServer()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(128);
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}/");
        _acceptLoop = AcceptAsync();
    }

    public Uri Url { get; }

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => _held.Count;

    private async Task AcceptAsync()
    {
        while (true)
        {
            try
            {
                _held.Add(await _listener.AcceptAsync());
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _acceptLoop.DefaultTimeout();
        foreach (var socket in _held)
        {
            socket.Dispose();
        }
    }
}
