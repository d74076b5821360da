using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Infrastructure;

/// <summary>
/// A member server for the TCP front door: a real TCP echo server on 127.0.0.1 port 0. It honours
/// half-close: when the peer ends its side, the echo is finished and then this side ends too.
/// Each connection's received bytes are hashed, so a test can check what arrived at the member.
/// </summary>
internal sealed class EchoServer : IAsyncDisposable
{
    private const int BufferSize = 64 * 1024;
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly ConcurrentBag<Task> _handlers = [];
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly Task _acceptLoop;

    private EchoServer(bool replyAfterEof)
    {
        ReplyAfterEof = replyAfterEof;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(128);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _acceptLoop = AcceptAsync();
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>The member address as the controller takes it: <c>127.0.0.1:PORT</c>.</summary>
    public string Address => $"127.0.0.1:{EndPoint.Port}";

    /// <summary>When true, nothing is echoed until the peer half-closes; then everything is, and this side ends.</summary>
    public bool ReplyAfterEof { get; }

    /// <summary>Connections that carried data and ended with the peer's EOF: how many bytes, and their SHA-256.</summary>
    public IReadOnlyCollection<Received> Completed => _received;

    public static EchoServer Start(bool replyAfterEof = false) => new(replyAfterEof);

    /// <summary>Resets every open connection, as a member that crashes does.</summary>
    public void ResetAll()
    {
        foreach (var socket in _open.Keys)
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Dispose();
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
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

            _open.TryAdd(socket, 0);
            _handlers.Add(EchoAsync(socket));
        }
    }

    private async Task EchoAsync(Socket socket)
    {
        var buffer = new byte[BufferSize];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var held = new MemoryStream();
        long total = 0;
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                total += read;
                hash.AppendData(buffer, 0, read);
                if (ReplyAfterEof)
                {
                    held.Write(buffer, 0, read);
                }
                else
                {
                    await SendAllAsync(socket, buffer.AsMemory(0, read));
                }
            }

            if (ReplyAfterEof)
            {
                await SendAllAsync(socket, held.GetBuffer().AsMemory(0, (int)held.Length));
            }

            if (total > 0)
            {
                _received.Enqueue(new Received(total, hash.GetHashAndReset()));
            }

            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Reset, or the server is stopping: this connection is over.
        }
        finally
        {
            _open.TryRemove(socket, out _);
            socket.Dispose();
        }
    }

    private async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> data)
    {
        while (!data.IsEmpty)
        {
            var sent = await socket.SendAsync(data, SocketFlags.None, _stop.Token);
            data = data[sent..];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        foreach (var socket in _open.Keys)
        {
            socket.Dispose();
        }

        await Task.WhenAll([_acceptLoop, .. _handlers]).DefaultTimeout();
        _stop.Dispose();
    }

    /// <summary>What one connection delivered to the member.</summary>
    internal sealed record Received(long Bytes, byte[] Sha256);
}
