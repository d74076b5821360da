using System.Net.Sockets;

namespace ClusterLocator.Controller.Tcp;

/// <summary>
/// One side of a relayed session, as <see cref="TcpSession"/> moves bytes through it: a plain socket
/// (<see cref="SocketEnd"/>: the TCP front door's legs, every member leg), or a connection a server
/// owns, as the pinned HTTP front door's client leg is Kestrel's. Every failure surfaces as a
/// <see cref="SocketException"/>, so the session reads one kind of failure whatever the side.
/// </summary>
internal abstract class RelayEnd
{
    /// <summary>The socket itself when this side is one, so a session may splice between two of them; else null.</summary>
    public virtual Socket? Socket => null;

    /// <summary>Receives what has arrived into <paramref name="buffer"/>; 0 when the peer has ended its side.</summary>
    public abstract ValueTask<int> ReceiveAsync(Memory<byte> buffer);

    /// <summary>Sends all of <paramref name="bytes"/>.</summary>
    public abstract ValueTask SendAsync(ReadOnlyMemory<byte> bytes);

    /// <summary>Passes the other side's end on: nothing more will be sent (a FIN).</summary>
    public abstract void EndSending();

    /// <summary>Ends this side at once, whatever is under way; pending calls then fail.</summary>
    public abstract void Cut();
}
