using System.Text.Json;
using ClusterLocator.Protocol;
using Microsoft.AspNetCore.Http;

namespace ClusterLocator.Controller.Http;

/// <summary>
/// The answers to a request this cluster will not or could not serve: 503, go back to the locator;
/// or 502 when a member failed, with the relocate header when the request may be sent again. The
/// pinned front door writes the same 503 onto its connection (<see cref="ConnectionAnswer"/>).
/// </summary>
internal static class Relocation
{
    /// <summary>The reason given when no member is healthy, or none took the connection.</summary>
    public const string NoHealthyMember = "No member of the cluster is healthy.";

    /// <summary>The <c>Retry-After</c> of a relocation, in seconds: the client asks the locator again at once.</summary>
    public const string RetryAfterSeconds = "1";

    /// <summary>Why <paramref name="admission"/> turned a session away, in words for the client.</summary>
    public static string Reason(Admission admission) => admission switch
    {
        Admission.Draining => "The cluster is draining.",
        Admission.ClientLimit => "This client holds its share of the cluster's sessions.",
        _ => "The cluster is at its session limit.",
    };

    /// <summary>The body of a relocation: 503, with <paramref name="reason"/> and what to do.</summary>
    public static Problem RelocateProblem(string reason) => new()
    {
        Title = "Relocate",
        Status = StatusCodes.Status503ServiceUnavailable,
        Detail = $"{reason} Ask the locator for another cluster.",
    };

    public static Task RespondAsync(HttpContext context, string reason)
    {
        context.Response.Headers.Connection = "close";
        return WriteAsync(context, RelocateProblem(reason), relocate: true);
    }

    /// <summary>
    /// A member failed before it answered. An idempotent request may be sent again, so it is sent back
    /// to the locator; any other may have had effects at the member, so the caller decides.
    /// </summary>
    public static Task RespondMemberFailedAsync(HttpContext context)
    {
        var relocate = IsIdempotent(context.Request.Method);
        var detail = relocate
            ? "The member serving the request failed before it answered. Ask the locator for another cluster."
            : "The member serving the request failed before it answered; the request may have been applied, so it is not sent elsewhere.";
        var status = StatusCodes.Status502BadGateway;
        return WriteAsync(context, new Problem { Title = relocate ? "Relocate" : "Member failed", Status = status, Detail = detail }, relocate);
    }

    /// <summary>The methods RFC 9110 §9.2.2 makes idempotent: sending one again has the effect of sending it once.</summary>
    internal static bool IsIdempotent(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
        || HttpMethods.IsTrace(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method);

    private static Task WriteAsync(HttpContext context, Problem problem, bool relocate)
    {
        var response = context.Response;
        response.StatusCode = problem.Status;
        if (relocate)
        {
            response.Headers.RetryAfter = RetryAfterSeconds;
            response.Headers[WireHeaders.Relocate] = "true";
        }

        response.ContentType = Problem.ContentType;
        return JsonSerializer.SerializeAsync(response.Body, problem, ProtocolJsonContext.Wire.Problem, context.RequestAborted);
    }
}
