using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ClusterLocator.Cli.Demo.Fleet;

/// <summary>
/// A member server of a demo cluster: a TCP echo server on 127.0.0.1, port 0. It sends back what it
/// receives and ends its side when the peer ends its own, so a session through the controller shows
/// the bytes made the whole trip.
/// </summary>
internal sealed class EchoMember : IAsyncDisposable
{
    private const int BufferSize = 4 * 1024;
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Socket, Task> _open = new();
    private readonly Task _accepting;

    public EchoMember()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(512);
        Address = $"127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}";
        _accepting = AcceptAsync();
    }

    /// <summary>The member as a controller takes it: <c>127.0.0.1:PORT</c>.</summary>
    public string Address { get; }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            socket.NoDelay = true;
            _open[socket] = EchoAsync(socket);
        }
    }

    private async Task EchoAsync(Socket socket)
    {
        // Let AcceptAsync record the connection before it can end and remove itself.
        await Task.Yield();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, _stop.Token)) > 0)
            {
                for (var sent = 0; sent < read;)
                {
                    sent += await socket.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, _stop.Token);
                }
            }

            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Cut by the controller (a crash) or stopping: the connection is over either way.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _open.TryRemove(socket, out _);
            socket.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        await Task.WhenAll(_open.Values);
        _stop.Dispose();
    }
}
