using System.Net;
using System.Net.Sockets;
using System.Text;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Infrastructure;

/// <summary>Client-side socket steps for the TCP front door tests, each with a timeout.</summary>
internal static class LoopbackSocket
{
    public static async Task<Socket> ConnectAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint).DefaultTimeout();
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static async Task SendAllAsync(this Socket socket, ReadOnlyMemory<byte> data)
    {
        while (!data.IsEmpty)
        {
            var sent = await socket.SendAsync(data, SocketFlags.None).DefaultTimeout();
            data = data[sent..];
        }
    }

    /// <summary>Receives exactly <paramref name="count"/> bytes; fails if the connection ends first.</summary>
    public static async Task<byte[]> ReceiveExactlyAsync(this Socket socket, int count)
    {
        var buffer = new byte[count];
        var got = 0;
        while (got < count)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(got), SocketFlags.None).DefaultTimeout();
            if (read == 0)
            {
                throw new IOException($"The connection ended after {got} of {count} bytes.");
            }

            got += read;
        }

        return buffer;
    }

    /// <summary>Sends <paramref name="text"/> and expects it back: proves the session is live end to end.</summary>
    public static async Task AssertEchoesAsync(this Socket socket, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await socket.SendAllAsync(bytes);
        Assert.Equal(text, Encoding.UTF8.GetString(await socket.ReceiveExactlyAsync(bytes.Length)));
    }

    /// <summary>Reads until the peer ends the connection (EOF or reset); returns what was read and how it ended.</summary>
    public static async Task<(byte[] Data, bool Reset)> ReceiveUntilClosedAsync(this Socket socket, TimeSpan? timeout = null)
    {
        using var data = new MemoryStream();
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var receive = socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).AsTask();
                var read = await receive.TimeoutAfter(timeout ?? TimeoutExtensions.DefaultTimeoutTimeSpan);
                if (read == 0)
                {
                    return (data.ToArray(), false);
                }

                data.Write(buffer, 0, read);
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
        {
            return (data.ToArray(), true);
        }
    }

    /// <summary>Opens a session and checks that it echoes; false when the connection is reset or closed.</summary>
    public static async Task<bool> TryEchoSessionAsync(IPEndPoint endPoint, string text)
    {
        try
        {
            using var socket = await ConnectAsync(endPoint);
            await socket.AssertEchoesAsync(text);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Connects and expects the front door to turn the session away at once: a reset or an EOF
    /// without a byte, within <paramref name="timeout"/>. A reset can arrive before the connect
    /// completes, which counts too.
    /// </summary>
    public static async Task AssertTurnedAwayAsync(IPEndPoint endPoint, TimeSpan timeout)
    {
        Socket socket;
        try
        {
            socket = await ConnectAsync(endPoint);
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset)
        {
            return;
        }

        using (socket)
        {
            var (data, _) = await socket.ReceiveUntilClosedAsync(timeout);
            Assert.True(data.Length == 0, $"The turned-away connection received {data.Length} bytes.");
        }
    }
}
