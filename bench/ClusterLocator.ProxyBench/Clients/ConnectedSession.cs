using System.Net;
using System.Net.Sockets;
using ClusterLocator.ProxyBench.Wire;

namespace ClusterLocator.ProxyBench.Clients;

/// <summary>Opens a connection to a member, directly or through a front door, in one mode.</summary>
internal static class ConnectedSession
{
    /// <summary>
    /// Connects, picks the mode and waits for the member's ready byte: after it the path to the
    /// member is whole, so no connection set-up falls inside a measured time.
    /// </summary>
    /// <exception cref="IOException">The connection closed before the member said it was ready (a front door that refused the session, or no member).</exception>
    public static Socket Open(IPEndPoint target, byte mode)
    {
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Connect(target);
            SocketIo.SendAll(socket, [mode]);
            Span<byte> ready = stackalloc byte[1];
            if (!SocketIo.ReceiveExactly(socket, ready) || ready[0] != MemberProtocol.Ready)
            {
                throw new IOException($"{target} closed the connection before the member was ready.");
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
