using System.Buffers;
using System.Net;
using System.Net.Sockets;
using ClusterLocator.Controller.Diagnostics;

namespace ClusterLocator.Controller.Tcp;

/// <summary>
/// One proxied session: bytes are copied both ways with back-pressure (a read waits for the previous
/// write), and a FIN from one side becomes a FIN to the other, so half-close works. Each read stamps
/// the session's last activity, which the front door's idle sweep compares with the idle timeout: one
/// timestamp write per read rather than a timer per session.
/// </summary>
/// <remarks>
/// Plain sockets and one pooled buffer per direction: a proxy that only copies bytes gains nothing
/// from pipelines but another copy. With <paramref name="splice"/> (Linux), a direction whose read
/// fills <see cref="SpliceThreshold"/> carries bulk: it moves on to a <see cref="SplicePipe"/> for
/// the rest of the session, and its bytes no longer pass through user memory. Small exchanges stay
/// on the copy, which takes fewer system calls per message than the pipe's two splices.
/// </remarks>
internal sealed class TcpSession(Socket client, Socket upstream, TimeProvider time, bool splice, FrontDoorBytes? bytes = null)
{
    private const int BufferSize = 64 * 1024;

    /// <summary>A read this large means bulk: the direction moves to splice. Interactive messages stay well under it.</summary>
    internal const int SpliceThreshold = 16 * 1024;

    private long _lastActivity = time.GetTimestamp();
    private int _splicedDirections;

    public Socket Client => client;

    public Socket Upstream => upstream;

    /// <summary>The client's address and port, read once: the socket may be closed when it is wanted.</summary>
    public EndPoint? ClientEndPoint { get; } = client.RemoteEndPoint;

    /// <summary>How long since a byte last arrived from either side.</summary>
    public TimeSpan IdleFor => time.GetElapsedTime(Volatile.Read(ref _lastActivity));

    /// <summary>How many of the two directions have moved on to splice (0 on the portable path).</summary>
    public int SplicedDirections => Volatile.Read(ref _splicedDirections);

    /// <summary>Copies both ways until both sides have ended; throws when one side fails, after closing both.</summary>
    public Task RunAsync() => Task.WhenAll(PumpAsync(client, upstream), PumpAsync(upstream, client));

    /// <summary>
    /// Closes both legs; the pumps then end. Each is shut down before it is disposed: disposing a
    /// socket with a receive pending would reset the peer, and a closed session should end with a FIN.
    /// </summary>
    public void Cut()
    {
        Close(client);
        Close(upstream);
    }

    private static void Close(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already reset or closed: disposing is all that is left.
        }

        socket.Dispose();
    }

    /// <summary>Copies until <paramref name="from"/> ends, then passes the end on as a FIN.</summary>
    private async Task PumpAsync(Socket from, Socket to)
    {
        try
        {
            using var pipe = await CopyAsync(from, to);
            if (pipe is not null)
            {
                Interlocked.Increment(ref _splicedDirections);
                await pipe.CopyAsync(from, to, moved => Arrived(from, moved));
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The other pump may still be blocked reading: closing both ends it.
            Cut();
            throw;
        }
    }

    /// <summary>
    /// The portable copy, until <paramref name="from"/> ends (null) or, with splice on, a read shows
    /// bulk and a pipe is at hand to carry the rest (the pipe).
    /// </summary>
    private async Task<SplicePipe?> CopyAsync(Socket from, Socket to)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var spliceable = splice;
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer.AsMemory(), SocketFlags.None);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return null;
                }

                Arrived(from, read);
                var sent = 0;
                while (sent < read)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None);
                }

                if (spliceable && read >= SpliceThreshold)
                {
                    var pipe = SplicePipe.TryCreate();
                    if (pipe is not null)
                    {
                        return pipe;
                    }

                    // Out of descriptors: this direction stays on the copy, which needs none.
                    spliceable = false;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Arrived(Socket from, long count)
    {
        Volatile.Write(ref _lastActivity, time.GetTimestamp());
        if (from == client)
        {
            bytes?.AddReceived(count);
        }
        else
        {
            bytes?.AddSent(count);
        }
    }
}
