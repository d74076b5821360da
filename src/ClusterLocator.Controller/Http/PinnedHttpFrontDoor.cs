using System.Net;
using System.Net.Sockets;
using ClusterLocator.Controller.Members;
using ClusterLocator.Controller.Tcp;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Controller.Http;

/// <summary>
/// The HTTP front door in pinned mode (<see cref="HttpFrontDoorMode.Pinned"/>): Kestrel connection
/// middleware that waits for a connection's first request head, admits and places it as the
/// per-request door would (<see cref="SessionGate"/>, then the healthy member with the fewest
/// sessions, the next one when it refuses), and from then relays the connection's bytes to that
/// member both ways, head first, as the TCP front door relays a session (<see cref="TcpSession"/>).
/// The session is the connection. A connection turned away gets the per-request door's 503 and
/// relocate header on its first request and is closed.
/// </summary>
/// <remarks>
/// Later requests on a pinned connection are neither parsed nor re-sent: that is the saving, and the
/// price is that they all go to one member and that a member failing mid-connection closes the
/// client's connection instead of answering 502. A drain turns new connections away; pinned ones
/// live until the drain timeout, when the stop cuts them, as TCP sessions. The head is read within
/// Kestrel's limits (request line plus header fields, <see cref="KestrelServerLimits.RequestHeadersTimeout"/>).
/// </remarks>
internal sealed partial class PinnedHttpFrontDoor(
    SessionGate gate,
    MemberSet members,
    TimeSpan idleTimeout,
    TimeProvider time,
    ILogger<PinnedHttpFrontDoor> logger) : BackgroundService
{
    private readonly LiveSessions _sessions = new(idleTimeout, time, logger);
    private readonly MemberDialer _dialer = new(members, time, logger);

    /// <summary>The connections being relayed now.</summary>
    public ICollection<TcpSession> OpenSessions => _sessions.Open;

    /// <summary>The connection handler that replaces Kestrel's HTTP server on the front door's listener; it never calls the next one.</summary>
    /// <param name="limits">Kestrel's limits: a first request head must fit its request line and header sizes, and arrive within its headers timeout.</param>
    public ConnectionDelegate Handler(KestrelServerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var maxHeadBytes = limits.MaxRequestLineSize + limits.MaxRequestHeadersTotalSize;
        var headTimeout = limits.RequestHeadersTimeout;
        return connection => HandleAsync(connection, maxHeadBytes, headTimeout);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _sessions.SweepIdleAsync(stoppingToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);

        // Draining is over (or timed out): whatever is still open is cut.
        _sessions.CutAll();
    }

    /// <summary>Disposed without a stop, as when its host is torn down like a killed process: every connection is cut.</summary>
    public override void Dispose()
    {
        _sessions.CutAll();
        base.Dispose();
    }

    private async Task HandleAsync(ConnectionContext connection, int maxHeadBytes, TimeSpan headTimeout)
    {
        if (!await AwaitHeadAsync(connection, maxHeadBytes, headTimeout))
        {
            return;
        }

        var address = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        var admission = gate.TryEnter(address);
        if (admission != Admission.Admitted)
        {
            if (admission == Admission.ClientLimit)
            {
                Log.ClientLimit(logger, address?.ToString() ?? "?");
            }

            await ConnectionAnswer.RelocateAsync(connection.Transport.Output, Relocation.Reason(admission));
            return;
        }

        Socket? upstream = null;
        try
        {
            (var member, upstream) = await _dialer.ConnectAsync();
            if (upstream is null)
            {
                await ConnectionAnswer.RelocateAsync(connection.Transport.Output, Relocation.NoHealthyMember);
                return;
            }

            ApplyKeepAlive(connection);
            var session = new TcpSession(new PipeEnd(connection), new SocketEnd(upstream), connection.RemoteEndPoint, time, splice: false);
            await _sessions.RunAsync(session, member!);
        }
        finally
        {
            upstream?.Dispose();
            gate.Exit(address);
        }
    }

    /// <summary>TCP keep-alive on the client leg too, as on the TCP door, so a client that vanished frees its session.</summary>
    private static void ApplyKeepAlive(ConnectionContext connection)
    {
        try
        {
            if (connection.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
            {
                TcpKeepAlive.Apply(socket);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The client is already gone: the relay's first receive ends the session.
        }
    }

    /// <summary>
    /// Reads until the first request's head is complete and leaves it unread for the relay; true then.
    /// A head too large or malformed is answered 431 or 400, one too slow 408, and the connection closes.
    /// </summary>
    private async Task<bool> AwaitHeadAsync(ConnectionContext connection, int maxHeadBytes, TimeSpan headTimeout)
    {
        var input = connection.Transport.Input;
        var closing = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? CancellationToken.None;
        using var timeout = new CancellationTokenSource(headTimeout, time);
        using var stopping = closing.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), timeout);
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(timeout.Token);
                var received = result.Buffer;
                var state = RequestHead.Inspect(received, maxHeadBytes);
                if (state == RequestHead.State.Complete)
                {
                    input.AdvanceTo(received.Start);
                    return true;
                }

                input.AdvanceTo(received.Start, received.End);
                if (state != RequestHead.State.Incomplete)
                {
                    Log.HeadRefused(logger, connection.RemoteEndPoint?.ToString() ?? "?", state.ToString());
                    await (state == RequestHead.State.TooLarge
                        ? ConnectionAnswer.RefuseAsync(connection.Transport.Output, StatusCodes.Status431RequestHeaderFieldsTooLarge, $"The request's head is over {maxHeadBytes} bytes.")
                        : ConnectionAnswer.RefuseAsync(connection.Transport.Output, StatusCodes.Status400BadRequest, "The request does not start with an HTTP/1.1 request line."));
                    return false;
                }

                if (result.IsCompleted)
                {
                    return false;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            if (!closing.IsCancellationRequested)
            {
                await ConnectionAnswer.RefuseAsync(connection.Transport.Output, StatusCodes.Status408RequestTimeout, $"The request's head did not arrive within {headTimeout.TotalSeconds} s.");
            }

            return false;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // The client reset, or the server aborted the connection.
            return false;
        }
    }
}
