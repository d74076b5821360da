using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace ClusterLocator.Locator.Api;

/// <summary>
/// Fills in the problems the framework answers on the locator's behalf (through
/// <see cref="IProblemDetailsService"/>): an unknown route (404), a method a route does not answer
/// (405), a request the server could not read (400, 413) and a failure (500). They keep the shape of
/// the locator's own problems: <c>type</c> <c>about:blank</c> with the status's phrase as
/// <c>title</c> (RFC 9457, section 4.2.1), and a <c>detail</c> that says what to do.
/// </summary>
internal static class FrameworkProblems
{
    /// <summary>The document that lists the routes, named in the answer to an unknown one.</summary>
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>The problem extension that names a failure in the locator's log.</summary>
    public const string TraceIdExtension = "traceId";

    /// <summary>A <see cref="ProblemDetailsOptions.CustomizeProblemDetails"/>.</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var http = context.HttpContext;
        var status = problem.Status ?? http.Response.StatusCode;
        problem.Status = status;
        problem.Type = ProblemResponses.AboutBlank;
        problem.Title = ReasonPhrases.GetReasonPhrase(status);

        // Only a failure is worth finding in the log; the other answers say all there is.
        if (status != StatusCodes.Status500InternalServerError)
        {
            problem.Extensions.Remove(TraceIdExtension);
        }

        problem.Detail ??= DetailOf(status, http, context.Exception);
    }

    /// <summary>The id a failure is logged under, and its problem carries (what the framework puts in <c>traceId</c>).</summary>
    public static string TraceIdOf(HttpContext context) => Activity.Current?.Id ?? context.TraceIdentifier;

    private static string DetailOf(int status, HttpContext context, Exception? exception)
    {
        var request = context.Request;
        var target = $"{request.Method} {request.Path}";
        return status switch
        {
            StatusCodes.Status404NotFound => $"No route of this locator answers {target}. The API's routes are described at {DocumentPath}.",
            StatusCodes.Status405MethodNotAllowed => $"{request.Path} does not answer {request.Method}; it answers {context.Response.Headers.Allow} (the Allow header).",
            StatusCodes.Status500InternalServerError => $"The locator failed while answering {target}; the failure is logged under the traceId {TraceIdOf(context)}: quote it when you report it. Retry, or ask another locator.",
            // What the server could not read, in its words; never a stack trace.
            _ when exception is BadHttpRequestException bad => $"{target} could not be read: {bad.Message}",
            _ => $"The locator answered {target} with {status} {ReasonPhrases.GetReasonPhrase(status)}.",
        };
    }
}
