using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace ClusterLocator.Controller.Tcp;

/// <summary>A plain socket as one side of a session.</summary>
internal sealed class SocketEnd(Socket socket) : RelayEnd
{
    public override Socket Socket => socket;

    public override ValueTask<int> ReceiveAsync(Memory<byte> buffer) => socket.ReceiveAsync(buffer, SocketFlags.None);

    // Pooled: a send that waits for room would otherwise allocate its state machine each time.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public override async ValueTask SendAsync(ReadOnlyMemory<byte> bytes)
    {
        for (var sent = 0; sent < bytes.Length;)
        {
            sent += await socket.SendAsync(bytes[sent..], SocketFlags.None);
        }
    }

    public override void EndSending() => socket.Shutdown(SocketShutdown.Send);

    /// <summary>
    /// Shut down before it is disposed: disposing a socket with a receive pending would reset the
    /// peer, and a closed session should end with a FIN.
    /// </summary>
    public override void Cut()
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
}
