using System.Runtime.InteropServices;

namespace ClusterLocator.Controller.Tcp;

/// <summary>
/// The few libc calls the splice path needs: <c>pipe2</c>, <c>splice</c>, <c>read</c>, <c>fcntl</c>
/// and <c>close</c>. .NET has no managed splice, so this is the one hand-written P/Invoke of the
/// controller; every call is Linux-only and checked with <see cref="IsSupported"/> by its callers.
/// </summary>
internal static partial class LinuxSplice
{
    /// <summary>Linux's errno for "try again": a non-blocking call that found nothing to move or no room.</summary>
    public const int EAgain = 11;

    public const int EIntr = 4;

    private const int ONonBlock = 0x800;
    private const int OCloExec = 0x80000;
    private const int FSetPipeSize = 1031;
    private const uint SpliceMove = 1;
    private const uint SpliceNonBlock = 2;

    /// <summary>True on Linux, where splice(2) exists; everywhere else the portable copy is used.</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux();

    /// <summary>Makes a non-blocking pipe; false (with errno) when the process is out of descriptors.</summary>
    public static bool TryCreatePipe(out int readEnd, out int writeEnd, out int errno)
    {
        Span<int> fds = stackalloc int[2];
        if (Pipe2(fds, ONonBlock | OCloExec) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            readEnd = writeEnd = -1;
            return false;
        }

        (readEnd, writeEnd, errno) = (fds[0], fds[1], 0);
        return true;
    }

    /// <summary>Asks for a pipe of <paramref name="bytes"/>; returns the size it got (the default when refused).</summary>
    public static int ResizePipe(int fd, int bytes, int fallback)
    {
        var size = Fcntl(fd, FSetPipeSize, bytes);
        return size > 0 ? size : fallback;
    }

    /// <summary>Moves up to <paramref name="length"/> bytes between two descriptors without copying them through user memory; -1 with errno on failure.</summary>
    public static long Move(int from, int to, int length, out int errno)
    {
        var moved = Splice(from, 0, to, 0, (nuint)length, SpliceMove | SpliceNonBlock);
        errno = moved < 0 ? Marshal.GetLastPInvokeError() : 0;
        return moved;
    }

    /// <summary>Reads from a descriptor into <paramref name="buffer"/>; -1 with errno on failure.</summary>
    public static long Read(int fd, Span<byte> buffer, out int errno)
    {
        var read = ReadFd(fd, buffer, (nuint)buffer.Length);
        errno = read < 0 ? Marshal.GetLastPInvokeError() : 0;
        return read;
    }

    /// <summary>Closes a pipe end; false when the descriptor was not open (nothing else can be done about a failed close).</summary>
    public static bool Close(int fd) => CloseFd(fd) == 0;

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    private static partial int Pipe2(Span<int> fds, int flags);

    [LibraryImport("libc", EntryPoint = "splice", SetLastError = true)]
    private static partial nint Splice(int fdIn, nint offIn, int fdOut, nint offOut, nuint length, uint flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadFd(int fd, Span<byte> buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseFd(int fd);
}
