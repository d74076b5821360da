using System.Net;
using ClusterLocator.Controller.Members;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace ClusterLocator.Controller.Http;

/// <summary>
/// The HTTP front door: YARP's forwarder sends each request to the healthy member with the fewest
/// requests in flight. A session is a request in flight, so an idle keep-alive connection holds no
/// place. A request beyond the maximum or the client's share, or any new one while draining, is
/// answered 503 with <c>Retry-After</c> and <c>ClusterLocator-Relocate: true</c>; one whose member
/// fails before answering, 502, with the relocate header when the method is idempotent.
/// </summary>
internal sealed class HttpFrontDoor(IHttpForwarder forwarder, SessionGate gate, MemberSet members) : IDisposable
{
    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(2),
        EnableMultipleHttp2Connections = true,
        ActivityHeadersPropagator = null,
    });

    /// <summary>
    /// Kestrel connection middleware: when the drain starts, asks Kestrel to close the connection
    /// gracefully, as it does at its own shutdown: at once when idle, after the response when a
    /// request is under way. A connection opened during the drain is left open until its first
    /// request has been answered 503, so the client learns to relocate rather than see it drop.
    /// </summary>
    public ConnectionDelegate CloseOnDrain(ConnectionDelegate next) => async connection =>
    {
        using var drain = gate.IsDraining
            ? default
            : gate.DrainStarted.Register(
                static state => ((ConnectionContext)state!).Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose(), connection);
        await next(connection);
    };

    public async Task ForwardAsync(HttpContext context)
    {
        var client = context.Connection.RemoteIpAddress;
        var admission = gate.TryEnter(client);
        if (admission != Admission.Admitted)
        {
            await Relocation.RespondAsync(context, Relocation.Reason(admission));
            return;
        }

        try
        {
            await ForwardAdmittedAsync(context);
        }
        finally
        {
            gate.Exit(client);
        }
    }

    private async Task ForwardAdmittedAsync(HttpContext context)
    {
        if (gate.IsDraining)
        {
            // A connection already open finishes its request, then ends so the drain can complete.
            context.Response.Headers.Connection = "close";
        }

        var member = members.Pick();
        if (member is null)
        {
            await Relocation.RespondAsync(context, Relocation.NoHealthyMember);
            return;
        }

        member.SessionStarted();
        ForwarderError error;
        try
        {
            error = await forwarder.SendAsync(context, member.HttpPrefix, _client);
        }
        finally
        {
            member.SessionEnded();
        }

        if (error is ForwarderError.Request or ForwarderError.RequestTimedOut or ForwarderError.RequestBodyDestination
            && !context.Response.HasStarted)
        {
            await Relocation.RespondMemberFailedAsync(context);
        }
    }

    public void Dispose() => _client.Dispose();
}
