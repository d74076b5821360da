using System.Globalization;
using System.Text.Json;
using ClusterLocator.Locator.Diagnostics;
using ClusterLocator.Locator.Hosting;
using ClusterLocator.Locator.Placement;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClusterLocator.Locator.Api;

/// <summary><c>GET /v1/locate</c>: the connection request, answered with the healthiest eligible cluster.</summary>
internal sealed class LocateEndpoint(
    ClusterRegistry registry,
    ClusterSelector selector,
    LocatorReadiness readiness,
    LocatorMetrics metrics,
    LocatorOptions options)
{
    private const string JsonContentType = "application/json; charset=utf-8";
    private readonly long _ttlMs = (long)options.PlacementTtl.TotalMilliseconds;
    private readonly string _retryAfterUnavailable = Seconds(options.ReportInterval);

    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapGet("/v1/locate", LocateAsync);

    private Task LocateAsync(HttpContext context)
    {
        if (!readiness.IsReady(out var remaining))
        {
            metrics.Located(MetricResults.WarmingUp);
            context.Response.Headers.RetryAfter = Seconds(remaining);
            return ProblemResponses.WriteAsync(
                context,
                StatusCodes.Status503ServiceUnavailable,
                "Warming up",
                readiness.StoreLoaded
                    ? $"The locator has just started and waits {options.EffectiveWarmUp.TotalSeconds:0.###}s (one lease) for every cluster to report, so the first one is not flooded. Retry in {remaining.TotalSeconds:0.#}s."
                    : $"The locator has not read its {registry.StoreKind} store yet ({registry.StoreHealth.Problem ?? "connecting"}), so it does not know the clusters. Ask another locator, or retry in {remaining.TotalSeconds:0.#}s.",
                type: ProblemTypes.WarmingUp);
        }

        var query = context.Request.Query;
        var request = LocateRequest.Parse(query["service"], query["protocol"], query["zone"], query["exclude"], query["key"], out var errors);
        if (request is null)
        {
            metrics.Located(MetricResults.Invalid);
            return ProblemResponses.InvalidAsync(context, errors);
        }

        var now = registry.Now;
        var result = selector.Select(registry.Snapshot.ClustersOf(request.Service), request, now);
        if (!result.IsPlaced)
        {
            metrics.Located(MetricResults.Unavailable);
            context.Response.Headers.RetryAfter = _retryAfterUnavailable;
            return ProblemResponses.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "No eligible cluster", result.FailureDetail!, type: ProblemTypes.NoEligibleCluster);
        }

        metrics.Located(MetricResults.Placed);
        metrics.Placed(result.Cluster!);
        var placement = new LocateResponse(result.Cluster!.ClusterId, result.Protocol!, result.Address!, Math.Round(result.Health, 4), _ttlMs, registry.IsStale(result.Cluster, now));

        // Serialized whole, so the answer carries a Content-Length instead of being chunked.
        var body = JsonSerializer.SerializeToUtf8Bytes(placement, ProtocolJsonContext.Wire.LocateResponse);
        var response = context.Response;
        response.ContentType = JsonContentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private static string Seconds(TimeSpan span) =>
        Math.Max(1, (int)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
