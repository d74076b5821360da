using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ClusterLocator.Controller.Members;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Controller.Tcp;

/// <summary>
/// The layer-4 front door: each accepted connection is one session, proxied to the healthy member
/// with the fewest sessions. Bytes are copied both ways with back-pressure (a read waits for the
/// previous write), and a FIN from one side becomes a FIN to the other, so half-close works.
/// </summary>
/// <remarks>
/// Plain sockets and one pooled buffer per direction: a proxy that only copies bytes gains nothing
/// from pipelines but another copy.
/// </remarks>
internal sealed partial class TcpFrontDoor(
    IPEndPoint listen,
    SessionGate gate,
    MemberSet members,
    ILogger<TcpFrontDoor> logger) : BackgroundService
{
    private const int BufferSize = 64 * 1024;
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly Socket _listener = new(listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
    private volatile bool _stopping;

    /// <summary>The address bound, with the real port when 0 was asked.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _listener.Bind(listen);
        _listener.Listen(512);
        LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        Log.Listening(logger, LocalEndPoint.ToString());
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(stoppingToken);
            }
            catch (Exception ex) when (_stopping || stoppingToken.IsCancellationRequested)
            {
                // StopAsync or Dispose closed the listener.
                _ = ex;
                return;
            }
            catch (SocketException ex)
            {
                Log.AcceptFailed(logger, ex.Message);
                continue;
            }

            _ = HandleAsync(client);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        _listener.Close();
        await base.StopAsync(cancellationToken);

        // Draining is over (or timed out): whatever is still open is cut.
        CutOpenSessions();
    }

    private async Task HandleAsync(Socket client)
    {
        client.NoDelay = true;
        if (!gate.TryEnter())
        {
            // Refuse at once with a reset, so the client knows to go back to the locator.
            client.LingerState = new LingerOption(true, 0);
            client.Dispose();
            return;
        }

        Member? member = null;
        Socket? upstream = null;
        try
        {
            (member, upstream) = await ConnectAsync();
            if (upstream is null)
            {
                client.LingerState = new LingerOption(true, 0);
                return;
            }

            member!.SessionStarted();
            _open.TryAdd(client, 0);
            _open.TryAdd(upstream, 0);
            try
            {
                await Task.WhenAll(PumpAsync(client, upstream), PumpAsync(upstream, client));
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // One side failed, so the session is over for both; the pump that failed closed them.
            }
        }
        finally
        {
            member?.SessionEnded();
            if (upstream is not null)
            {
                _open.TryRemove(upstream, out _);
                upstream.Dispose();
            }

            _open.TryRemove(client, out _);
            client.Dispose();
            gate.Exit();
        }
    }

    private async Task<(Member?, Socket?)> ConnectAsync()
    {
        foreach (var member in members.Candidates())
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.ConnectAsync(member.Host, member.Port, timeout.Token);
                return (member, socket);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                socket.Dispose();
                Log.MemberConnectFailed(logger, member.Address, ex.Message);
            }
        }

        Log.NoMember(logger);
        return (null, null);
    }

    /// <summary>Copies until <paramref name="from"/> ends, then passes the end on as a FIN.</summary>
    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer.AsMemory(), SocketFlags.None);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                var sent = 0;
                while (sent < read)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The other pump may still be blocked reading: closing both ends it.
            from.Dispose();
            to.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Disposed without a stop, as when its host is torn down like a killed process: nothing drains, every session is cut.</summary>
    public override void Dispose()
    {
        _stopping = true;
        _listener.Dispose();
        CutOpenSessions();
        base.Dispose();
    }

    private void CutOpenSessions()
    {
        foreach (var socket in _open.Keys)
        {
            socket.Dispose();
        }
    }
}
