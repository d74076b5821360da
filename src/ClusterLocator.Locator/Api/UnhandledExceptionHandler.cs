using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Api;

/// <summary>
/// Answers an exception no handler caught with a problem, never its stack trace: 500 for a failure,
/// logged with the trace id the problem carries, or the status of a request the server could not
/// read (<see cref="BadHttpRequestException"/>: a body too large, broken framing), which is the
/// client's fault and is not logged as a failure.
/// </summary>
internal sealed partial class UnhandledExceptionHandler(IProblemDetailsService problems, ILogger<UnhandledExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var request = httpContext.Request;
        int status;
        if (exception is BadHttpRequestException bad)
        {
            status = bad.StatusCode;
            Log.UnreadableRequest(logger, request.Method, request.Path, status, bad.Message);
        }
        else
        {
            status = StatusCodes.Status500InternalServerError;
            Log.Failed(logger, exception, request.Method, request.Path, FrameworkProblems.TraceIdOf(httpContext));
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status },
        });
    }
}
