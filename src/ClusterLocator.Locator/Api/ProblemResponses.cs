using System.Globalization;
using System.Text.Json;
using ClusterLocator.Protocol;
using Microsoft.AspNetCore.Http;

namespace ClusterLocator.Locator.Api;

/// <summary>Writes RFC 7807 problems, the body of every error answer.</summary>
internal static class ProblemResponses
{
    /// <summary>A <c>Retry-After</c> value: whole seconds, rounded up, at least 1.</summary>
    public static string RetryAfterSeconds(TimeSpan span) =>
        Math.Max(1, (int)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    public static Task WriteAsync(HttpContext context, int status, string title, string detail, IReadOnlyList<string>? errors = null, string type = "about:blank")
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = Problem.ContentType;
        var problem = new Problem { Type = type, Title = title, Status = status, Detail = detail, Errors = errors };
        return JsonSerializer.SerializeAsync(response.Body, problem, ProtocolJsonContext.Wire.Problem, context.RequestAborted);
    }

    public static Task InvalidAsync(HttpContext context, IReadOnlyList<string> errors) =>
        WriteAsync(
            context,
            StatusCodes.Status400BadRequest,
            "Invalid request",
            errors.Count == 1 ? errors[0] : $"{errors.Count} problems: {string.Join(" ", errors)}",
            errors,
            ProblemTypes.InvalidRequest);
}
