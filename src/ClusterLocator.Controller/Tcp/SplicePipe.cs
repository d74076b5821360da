using System.Net.Sockets;

namespace ClusterLocator.Controller.Tcp;

/// <summary>
/// One direction of a session on Linux's zero-copy path: socket → pipe → socket with splice(2), so
/// the bytes of a bulk transfer move as page references inside the kernel and never through the
/// controller's memory. Readability is awaited with a zero-byte receive, so the runtime's own event
/// loop still does the waiting; the rare "no room at the receiver" is awaited by sending one byte of
/// the pipe with <see cref="Socket.SendAsync(ReadOnlyMemory{byte}, SocketFlags, CancellationToken)"/>,
/// which waits for room, before splicing the rest.
/// </summary>
internal sealed class SplicePipe : IDisposable
{
    /// <summary>
    /// Bigger than the kernel's 64 KiB default so a bulk transfer takes fewer splice calls per byte;
    /// a kernel that refuses keeps its default.
    /// </summary>
    private const int PreferredSize = 256 * 1024;
    private const int DefaultSize = 64 * 1024;
    private const long WouldBlock = -1;
    private readonly int _readEnd;
    private readonly int _writeEnd;
    private readonly int _size;
    private const int SpillSize = 4096;
    private readonly byte[] _one = new byte[1];
    private byte[]? _spill;

    private SplicePipe(int readEnd, int writeEnd)
    {
        _readEnd = readEnd;
        _writeEnd = writeEnd;
        _size = LinuxSplice.ResizePipe(writeEnd, PreferredSize, DefaultSize);
    }

    /// <summary>A new pipe; null when splice is not available here or the process is out of descriptors.</summary>
    public static SplicePipe? TryCreate() =>
        LinuxSplice.IsSupported && LinuxSplice.TryCreatePipe(out var readEnd, out var writeEnd, out _)
            ? new SplicePipe(readEnd, writeEnd)
            : null;

    /// <summary>
    /// Moves bytes until <paramref name="from"/> ends, then passes the end on as a FIN; calls
    /// <paramref name="arrived"/> with their count whenever bytes came in. Throws a <see cref="SocketException"/> when
    /// either side fails.
    /// </summary>
    public async Task CopyAsync(Socket from, Socket to, Action<long> arrived)
    {
        var source = from.SafeHandle;
        var target = to.SafeHandle;
        var readable = false;
        while (true)
        {
            var held = Move(source, socketIsSource: true, _size);
            if (held == WouldBlock)
            {
                if (readable)
                {
                    // Readable, yet splice moves nothing: urgent (out-of-band) data heads the queue,
                    // where splice stops and the zero-byte receive, a peek, looks past it, so the two
                    // would spin. An ordinary receive steps over the mark, as the copy path does.
                    readable = false;
                    if (!await RelayOnceAsync(from, to, arrived))
                    {
                        return;
                    }

                    continue;
                }

                await from.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None);
                readable = true;
                continue;
            }

            readable = false;
            if (held == 0)
            {
                to.Shutdown(SocketShutdown.Send);
                return;
            }

            arrived(held);
            while (held > 0)
            {
                var sent = Move(target, socketIsSource: false, (int)held);
                if (sent == WouldBlock)
                {
                    ReadOne();
                    await to.SendAsync(_one, SocketFlags.None);
                    sent = 1;
                }

                held -= sent;
            }
        }
    }

    /// <summary>
    /// One ordinary receive from <paramref name="from"/>, sent on whole (the pipe is empty, so the order
    /// holds); false when <paramref name="from"/> ended, the end passed on as a FIN.
    /// </summary>
    private async Task<bool> RelayOnceAsync(Socket from, Socket to, Action<long> arrived)
    {
        _spill ??= new byte[SpillSize];
        var read = await from.ReceiveAsync(_spill, SocketFlags.None);
        if (read == 0)
        {
            to.Shutdown(SocketShutdown.Send);
            return false;
        }

        arrived(read);
        for (var sent = 0; sent < read;)
        {
            sent += await to.SendAsync(_spill.AsMemory(sent, read - sent), SocketFlags.None);
        }

        return true;
    }

    public void Dispose()
    {
        LinuxSplice.Close(_readEnd);
        LinuxSplice.Close(_writeEnd);
    }

    /// <summary>
    /// One splice between the socket and the pipe: into the pipe when the socket is the source, out of
    /// it otherwise. The socket's handle is held for the call, so a concurrent cut cannot close its
    /// descriptor (and let the number be reused) in the middle.
    /// </summary>
    private long Move(SafeSocketHandle socket, bool socketIsSource, int length)
    {
        var added = false;
        try
        {
            socket.DangerousAddRef(ref added);
            var fd = (int)socket.DangerousGetHandle();
            while (true)
            {
                var moved = socketIsSource
                    ? LinuxSplice.Move(fd, _writeEnd, length, out var errno)
                    : LinuxSplice.Move(_readEnd, fd, length, out errno);
                if (moved > 0 || (moved == 0 && socketIsSource))
                {
                    return moved;
                }

                if (moved == 0)
                {
                    throw new SocketException((int)SocketError.ConnectionAborted);
                }

                if (errno == LinuxSplice.EAgain)
                {
                    return WouldBlock;
                }

                if (errno != LinuxSplice.EIntr)
                {
                    throw Failure(errno);
                }
            }
        }
        finally
        {
            if (added)
            {
                socket.DangerousRelease();
            }
        }
    }

    private void ReadOne()
    {
        while (LinuxSplice.Read(_readEnd, _one, out var errno) != 1)
        {
            if (errno != LinuxSplice.EIntr)
            {
                throw Failure(errno);
            }
        }
    }

    /// <summary>The socket errors a proxied session meets, as the portable path would report them.</summary>
    private static SocketException Failure(int errno) => new((int)(errno switch
    {
        104 or 32 => SocketError.ConnectionReset, // ECONNRESET, EPIPE: the peer reset or is gone
        107 => SocketError.NotConnected,
        110 => SocketError.TimedOut,
        9 => SocketError.OperationAborted, // EBADF: the session was cut
        _ => SocketError.SocketError,
    }));
}
