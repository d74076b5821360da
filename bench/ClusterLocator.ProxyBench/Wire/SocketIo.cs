using System.Buffers.Binary;
using System.Net.Sockets;

namespace ClusterLocator.ProxyBench.Wire;

/// <summary>Blocking send and receive helpers over <see cref="Socket"/>.</summary>
internal static class SocketIo
{
    public static void SendAll(Socket socket, ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            data = data[socket.Send(data, SocketFlags.None)..];
        }
    }

    /// <summary>Fills <paramref name="buffer"/>; false when the peer ended its side first.</summary>
    public static bool ReceiveExactly(Socket socket, Span<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var read = socket.Receive(buffer, SocketFlags.None);
            if (read == 0)
            {
                return false;
            }

            buffer = buffer[read..];
        }

        return true;
    }

    /// <summary>Reads and drops bytes until the peer's FIN; returns how many there were.</summary>
    public static long Drain(Socket socket, Span<byte> buffer)
    {
        long total = 0;
        int read;
        while ((read = socket.Receive(buffer, SocketFlags.None)) > 0)
        {
            total += read;
        }

        return total;
    }

    public static void SendInt64(Socket socket, long value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        SendAll(socket, bytes);
    }

    /// <summary>Reads a little-endian 8-byte integer; null when the peer ended its side first.</summary>
    public static long? ReceiveInt64(Socket socket)
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        return ReceiveExactly(socket, bytes) ? BinaryPrimitives.ReadInt64LittleEndian(bytes) : null;
    }
}
