using ClusterLocator.Locator.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace ClusterLocator.Locator.Dashboard;

/// <summary>
/// The operator's dashboard: the page at <c>/</c>, its files under <c>/dashboard/</c>, and its live
/// stream of frames (server-sent events) at <c>/dashboard/stream</c>. They are mapped with the
/// locator's other read routes, so the same rules apply (a foreign <c>Host</c> is refused while the
/// locator listens on loopback only); they are not part of the API v1, and no API description lists them.
/// </summary>
internal sealed class DashboardEndpoints(DashboardFrames frames, DashboardStreams streams, IHostApplicationLifetime lifetime)
{
    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", context => AssetAsync(context, DashboardAssets.Page)).ExcludeFromDescription();
        endpoints.MapGet("/dashboard/stream", StreamAsync).ExcludeFromDescription();
        endpoints.MapGet("/dashboard/{file}", context => AssetAsync(context, (string)context.Request.RouteValues["file"]!)).ExcludeFromDescription();
    }

    private static Task AssetAsync(HttpContext context, string name)
    {
        if (!DashboardAssets.TryGet(name, out var content, out var contentType))
        {
            return ProblemResponses.WriteAsync(context, StatusCodes.Status404NotFound, "Not found", $"The dashboard has no file '{name}'.");
        }

        var response = context.Response;
        response.ContentType = contentType;
        response.ContentLength = content.Length;
        // The files change only with the locator's version; revalidating is cheap on loopback.
        response.Headers.CacheControl = "no-cache";
        return response.Body.WriteAsync(content, context.RequestAborted).AsTask();
    }

    private async Task StreamAsync(HttpContext context)
    {
        var errors = new List<string>();
        if (DashboardQuery.Parse(context.Request.Query, errors) is not { } query)
        {
            await ProblemResponses.InvalidAsync(context, errors);
            return;
        }

        if (!streams.TryOpen())
        {
            context.Response.Headers.RetryAfter = "5";
            await ProblemResponses.WriteAsync(
                context,
                StatusCodes.Status429TooManyRequests,
                "Too many dashboards",
                $"This locator serves at most {DashboardStreams.Max} dashboard streams at once, and that many are open: close a dashboard tab, or retry in 5 s.");
            return;
        }

        try
        {
            // A stream never ends by itself: it ends when the page goes, or when the locator stops
            // (which would otherwise wait for it until its shutdown timeout).
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
            var stream = frames.Open(query);
            await TypedResults.ServerSentEvents(stream.FramesAsync(ended.Token)).ExecuteAsync(context);
        }
        finally
        {
            streams.Release();
        }
    }
}
