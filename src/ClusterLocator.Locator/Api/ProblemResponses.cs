using System.Globalization;
using System.Text.Json;
using ClusterLocator.Protocol;
using Microsoft.AspNetCore.Http;

namespace ClusterLocator.Locator.Api;

/// <summary>
/// Writes the locator's RFC 9457 problems, the body of every error answer its handlers give; the
/// framework's own (an unknown route, a wrong method, a failure) are written by
/// <see cref="FrameworkProblems"/> in the same shape.
/// </summary>
internal static class ProblemResponses
{
    /// <summary>The <c>type</c> of a problem that needs none beyond its status (RFC 9457, section 4.2.1).</summary>
    public const string AboutBlank = "about:blank";

    /// <summary>A <c>Retry-After</c> value: whole seconds, rounded up, at least 1.</summary>
    public static string RetryAfterSeconds(TimeSpan span) =>
        Math.Max(1, (int)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    public static Task WriteAsync(HttpContext context, int status, string title, string detail, IReadOnlyList<string>? errors = null, string type = AboutBlank)
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
