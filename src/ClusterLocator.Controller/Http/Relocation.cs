using System.Text.Json;
using ClusterLocator.Protocol;
using Microsoft.AspNetCore.Http;

namespace ClusterLocator.Controller.Http;

/// <summary>
/// The answers to a request this cluster will not or could not serve: 503, go back to the locator;
/// or 502 when a member failed, with the relocate header when the request may be sent again.
/// </summary>
internal static class Relocation
{
    public static Task RespondAsync(HttpContext context, string reason)
    {
        context.Response.Headers.Connection = "close";
        return WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Relocate", $"{reason} Ask the locator for another cluster.", relocate: true);
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
        return WriteAsync(context, StatusCodes.Status502BadGateway, relocate ? "Relocate" : "Member failed", detail, relocate);
    }

    /// <summary>The methods RFC 9110 §9.2.2 makes idempotent: sending one again has the effect of sending it once.</summary>
    internal static bool IsIdempotent(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
        || HttpMethods.IsTrace(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method);

    private static Task WriteAsync(HttpContext context, int status, string title, string detail, bool relocate)
    {
        var response = context.Response;
        response.StatusCode = status;
        if (relocate)
        {
            response.Headers.RetryAfter = "1";
            response.Headers[WireHeaders.Relocate] = "true";
        }

        response.ContentType = Problem.ContentType;
        var problem = new Problem { Title = title, Status = status, Detail = detail };
        return JsonSerializer.SerializeAsync(response.Body, problem, ProtocolJsonContext.Wire.Problem, context.RequestAborted);
    }
}
