using System.Net.Sockets;
using ClusterLocator.Protocol.Supervision;

namespace ClusterLocator.Controller.Tcp;

/// <summary>
/// How long the accept loop waits after an accept fails for want of resources (out of file
/// descriptors or buffers): retrying at once would spin a core while nothing can succeed, so each
/// failure in a row doubles the wait, from <see cref="First"/> up to <see cref="Longest"/>.
/// </summary>
internal sealed class AcceptBackoff : IBackoffPolicy
{
    public static readonly TimeSpan First = TimeSpan.FromMilliseconds(10);

    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(1);

    private TimeSpan _next = First;

    /// <summary>Failures since the last accept that succeeded.</summary>
    public int Failures { get; private set; }

    /// <summary>
    /// Whether <paramref name="error"/> means the process or machine is out of resources, so accepting
    /// again at once would fail again. Other failures (a client that reset before it was accepted)
    /// concern one connection only.
    /// </summary>
    public static bool IsResourceShortage(SocketError error) =>
        error is SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable;

    /// <summary>Records a failure; returns the wait before the next accept.</summary>
    public TimeSpan NextBackoff()
    {
        Failures++;
        var wait = _next;
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, Longest.Ticks));
        return wait;
    }

    /// <summary>Records an accept that succeeded; returns the failures of the burst it ends.</summary>
    public int Succeed()
    {
        var failures = Failures;
        Failures = 0;
        _next = First;
        return failures;
    }
}
