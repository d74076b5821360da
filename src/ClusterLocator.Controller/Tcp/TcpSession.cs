using System.Buffers;
using System.Net;
using System.Net.Sockets;
using ClusterLocator.Controller.Diagnostics;

namespace ClusterLocator.Controller.Tcp;

/// <summary>
/// One proxied session, the one byte mover of both front doors that relay whole connections (the
/// TCP door, and the HTTP door in pinned mode): bytes are copied both ways with back-pressure (a read
/// waits for the previous write), and an end from one side becomes a FIN to the other, so half-close
/// works. Each read stamps the session's last activity, which the idle sweep of
/// <see cref="LiveSessions"/> compares with the idle timeout: one timestamp write per read rather
/// than a timer per session.
/// </summary>
/// <remarks>
/// One pooled buffer per direction: a proxy that only copies bytes gains nothing from pipelines but
/// another copy. With splice on (Linux) and a socket on both sides, a direction whose
/// read fills <see cref="SpliceThreshold"/> carries bulk: it moves on to a <see cref="SplicePipe"/>
/// for the rest of the session, and its bytes no longer pass through user memory. Small exchanges
/// stay on the copy, which takes fewer system calls per message than the pipe's two splices.
/// </remarks>
internal sealed class TcpSession
{
    private const int BufferSize = 64 * 1024;

    /// <summary>A read this large means bulk: the direction moves to splice. Interactive messages stay well under it.</summary>
    internal const int SpliceThreshold = 16 * 1024;

    private readonly TimeProvider _time;
    private readonly bool _splice;
    private readonly FrontDoorBytes? _bytes;
    private long _lastActivity;
    private int _splicedDirections;

    public TcpSession(RelayEnd client, RelayEnd upstream, EndPoint? clientEndPoint, TimeProvider time, bool splice, FrontDoorBytes? bytes = null)
    {
        Client = client;
        Upstream = upstream;
        ClientEndPoint = clientEndPoint;
        _time = time;
        _bytes = bytes;
        _lastActivity = time.GetTimestamp();
        _splice = splice && client.Socket is not null && upstream.Socket is not null;
        if (_splice)
        {
            // splice(2) needs non-blocking descriptors; the runtime makes a socket non-blocking
            // only at its first asynchronous call, which may come after the first splice.
            client.Socket!.Blocking = false;
            upstream.Socket!.Blocking = false;
        }
    }

    public RelayEnd Client { get; }

    public RelayEnd Upstream { get; }

    /// <summary>The client's address and port, read once: the connection may be closed when it is wanted.</summary>
    public EndPoint? ClientEndPoint { get; }

    /// <summary>How long since a byte last arrived from either side.</summary>
    public TimeSpan IdleFor => _time.GetElapsedTime(Volatile.Read(ref _lastActivity));

    /// <summary>How many of the two directions have moved on to splice (0 on the portable path).</summary>
    public int SplicedDirections => Volatile.Read(ref _splicedDirections);

    /// <summary>Copies both ways until both sides have ended; throws when one side fails, after cutting both.</summary>
    public Task RunAsync() => Task.WhenAll(PumpAsync(Client, Upstream), PumpAsync(Upstream, Client));

    /// <summary>Ends both sides at once; the pumps then end.</summary>
    public void Cut()
    {
        Client.Cut();
        Upstream.Cut();
    }

    /// <summary>Copies until <paramref name="from"/> ends, then passes the end on as a FIN.</summary>
    private async Task PumpAsync(RelayEnd from, RelayEnd to)
    {
        try
        {
            using var pipe = await CopyAsync(from, to);
            if (pipe is not null)
            {
                Interlocked.Increment(ref _splicedDirections);
                await pipe.CopyAsync(from.Socket!, to.Socket!, moved => Arrived(from, moved));
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The other pump may still be blocked reading: cutting both ends it.
            Cut();
            throw;
        }
    }

    /// <summary>
    /// The portable copy, until <paramref name="from"/> ends (null) or, with splice on, a read shows
    /// bulk and a pipe is at hand to carry the rest (the pipe).
    /// </summary>
    private async Task<SplicePipe?> CopyAsync(RelayEnd from, RelayEnd to)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var spliceable = _splice;
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer.AsMemory());
                if (read == 0)
                {
                    to.EndSending();
                    return null;
                }

                Arrived(from, read);
                await to.SendAsync(buffer.AsMemory(0, read));
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

    /// <summary>Stamps the activity the idle sweep reads, and counts the bytes (telemetry) by the side they came from.</summary>
    private void Arrived(RelayEnd from, long count)
    {
        Volatile.Write(ref _lastActivity, _time.GetTimestamp());
        if (from == Client)
        {
            _bytes?.AddReceived(count);
        }
        else
        {
            _bytes?.AddSent(count);
        }
    }
}
