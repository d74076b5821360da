using System.Net;
using ClusterLocator.Controller.Members;
using ClusterLocator.Protocol;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace ClusterLocator.Controller.Http;

/// <summary>
/// The HTTP front door: YARP's forwarder sends each request to the healthy member with the fewest
/// requests in flight. A session is a client connection; one beyond the maximum, or any new one while
/// draining, is answered 503 with <c>Retry-After</c> and <c>ClusterLocator-Relocate: true</c>.
/// </summary>
internal sealed class HttpFrontDoor(IHttpForwarder forwarder, SessionGate gate, MemberSet members) : IDisposable
{
    private const string AdmittedKey = "ClusterLocator.Admitted";

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

    /// <summary>Kestrel connection middleware: counts each client connection as a session, if the gate admits it.</summary>
    public ConnectionDelegate CountSessions(ConnectionDelegate next) => async connection =>
    {
        var admitted = gate.TryEnter();
        connection.Items[AdmittedKey] = admitted;

        // When the drain starts, ask Kestrel to close the connection gracefully, as it does at its
        // own shutdown: at once when idle, after the response when a request is under way.
        using var drain = admitted
            ? gate.DrainStarted.Register(static state => ((ConnectionContext)state!).Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose(), connection)
            : default;
        try
        {
            await next(connection);
        }
        finally
        {
            if (admitted)
            {
                gate.Exit();
            }
        }
    };

    public async Task ForwardAsync(HttpContext context)
    {
        var admitted = context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(AdmittedKey, out var value) == true && value is true;
        if (!admitted)
        {
            await Relocation.RespondAsync(context, gate.IsDraining ? "The cluster is draining." : "The cluster is at its session limit.");
            return;
        }

        if (gate.IsDraining)
        {
            // A session already open finishes its request, then ends so the drain can complete.
            context.Response.Headers.Connection = "close";
        }

        var member = members.Pick();
        if (member is null)
        {
            await Relocation.RespondAsync(context, "No member of the cluster is healthy.");
            return;
        }

        member.SessionStarted();
        try
        {
            await forwarder.SendAsync(context, member.HttpPrefix, _client);
        }
        finally
        {
            member.SessionEnded();
        }
    }

    public void Dispose() => _client.Dispose();
}
