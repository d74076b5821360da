using System.Text.Json;
using ClusterLocator.Protocol;
using Microsoft.AspNetCore.Http;

namespace ClusterLocator.Controller.Http;

/// <summary>The answer to a request this cluster will not take: 503, go back to the locator.</summary>
internal static class Relocation
{
    public static Task RespondAsync(HttpContext context, string reason)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = "1";
        response.Headers[WireHeaders.Relocate] = "true";
        response.Headers.Connection = "close";
        response.ContentType = Problem.ContentType;
        var problem = new Problem { Title = "Relocate", Status = StatusCodes.Status503ServiceUnavailable, Detail = $"{reason} Ask the locator for another cluster." };
        return JsonSerializer.SerializeAsync(response.Body, problem, ProtocolJsonContext.Wire.Problem, context.RequestAborted);
    }
}
