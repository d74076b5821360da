using System.Net.Sockets;

namespace ClusterLocator.Controller.Tcp;

/// <summary>
/// TCP keep-alive for both legs of a session, so a peer that vanishes (power cut, cable pulled, NAT
/// entry dropped) is noticed by the kernel and its session ends instead of holding a place for ever:
/// after <see cref="Idle"/> without traffic a probe is sent every <see cref="Interval"/>, and
/// <see cref="Probes"/> unanswered ones reset the connection, about 90 seconds in all. A silent peer
/// that still answers probes is <see cref="ControllerOptions.IdleTimeout"/>'s job.
/// </summary>
internal static class TcpKeepAlive
{
    public static readonly TimeSpan Idle = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    public const int Probes = 3;

    public static void Apply(Socket socket)
    {
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, (int)Idle.TotalSeconds);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, (int)Interval.TotalSeconds);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, Probes);
    }
}
