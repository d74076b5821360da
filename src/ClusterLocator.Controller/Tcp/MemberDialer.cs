using System.Net.Sockets;
using ClusterLocator.Controller.Members;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Controller.Tcp;

/// <summary>
/// Connects a new session to a member: the healthy one with the fewest sessions, or the next when it
/// refuses or does not answer within <see cref="ConnectTimeout"/>. Shared by the front doors that
/// relay whole connections.
/// </summary>
internal sealed partial class MemberDialer(MemberSet members, TimeProvider time, ILogger logger)
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The member and a connected socket (no-delay, keep-alive), or nulls when no member took it.</summary>
    public async Task<(Member? Member, Socket? Socket)> ConnectAsync()
    {
        foreach (var member in members.Candidates())
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                TcpKeepAlive.Apply(socket);
                using var timeout = new CancellationTokenSource(ConnectTimeout, time);
                await socket.ConnectAsync(member.Host, member.Port, timeout.Token);
                return (member, socket);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                socket.Dispose();
                Log.MemberConnectFailed(logger, member.Address, ex.Message);
            }
        }

        Log.NoMember(logger);
        return (null, null);
    }
}
