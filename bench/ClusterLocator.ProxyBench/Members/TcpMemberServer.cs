using System.Net;
using System.Net.Sockets;
using ClusterLocator.ProxyBench.Wire;

namespace ClusterLocator.ProxyBench.Members;

/// <summary>
/// The TCP member: echo, sink or source per connection (<see cref="MemberProtocol"/>), until killed.
/// </summary>
/// <remarks>
/// A thread per connection with blocking calls: the benchmark opens at most a few dozen connections,
/// and a blocked thread costs the member less CPU per exchange than async continuations, which leaves
/// more of a small machine to the front door under test. Connections that send nothing, such as the
/// controller's health probes, are closed quietly.
/// </remarks>
internal static class TcpMemberServer
{
    public static void Run(IPEndPoint listen)
    {
        using var listener = new Socket(listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(listen);
        listener.Listen(512);
        Console.WriteLine($"tcp member listening on {listener.LocalEndPoint}");
        while (true)
        {
            var socket = listener.Accept();
            new Thread(() => Serve(socket)) { IsBackground = true, Name = "tcp member connection" }.Start();
        }
    }

    private static void Serve(Socket socket)
    {
        socket.NoDelay = true;
        var buffer = new byte[MemberProtocol.ChunkSize];
        try
        {
            if (!SocketIo.ReceiveExactly(socket, buffer.AsSpan(0, 1)))
            {
                return;
            }

            var mode = buffer[0];
            if (mode is not (MemberProtocol.Echo or MemberProtocol.Sink or MemberProtocol.Source))
            {
                Console.Error.WriteLine($"unknown mode byte 0x{mode:x2} from {socket.RemoteEndPoint}; closing");
                return;
            }

            SocketIo.SendAll(socket, [MemberProtocol.Ready]);
            switch (mode)
            {
                case MemberProtocol.Echo:
                    Echo(socket, buffer);
                    break;
                case MemberProtocol.Sink:
                    SocketIo.SendInt64(socket, SocketIo.Drain(socket, buffer));
                    break;
                default:
                    Source(socket, buffer);
                    break;
            }

            socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The client reset or vanished: this connection is over, the server goes on.
        }
        finally
        {
            socket.Dispose();
        }
    }

    private static void Echo(Socket socket, byte[] buffer)
    {
        int read;
        while ((read = socket.Receive(buffer, SocketFlags.None)) > 0)
        {
            SocketIo.SendAll(socket, buffer.AsSpan(0, read));
        }
    }

    private static void Source(Socket socket, byte[] buffer)
    {
        var remaining = SocketIo.ReceiveInt64(socket) ?? 0;
        Random.Shared.NextBytes(buffer);
        while (remaining > 0)
        {
            var chunk = (int)Math.Min(remaining, buffer.Length);
            SocketIo.SendAll(socket, buffer.AsSpan(0, chunk));
            remaining -= chunk;
        }
    }
}
