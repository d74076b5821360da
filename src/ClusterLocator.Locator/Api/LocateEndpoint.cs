using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ClusterLocator.Locator.Diagnostics;
using ClusterLocator.Locator.Fairness;
using ClusterLocator.Locator.Hosting;
using ClusterLocator.Locator.Placement;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Locator.Security;
using ClusterLocator.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace ClusterLocator.Locator.Api;

/// <summary>
/// <c>GET /v1/locate</c>: the connection request, answered with the healthiest eligible cluster, or
/// with <c>explain=true</c> by why that one (<see cref="LocateExplainer"/>), placing nothing.
/// Who asks (<see cref="ClientKey"/>) is known first: it is what the rate limit, the client
/// credentials and the placement share apply to.
/// </summary>
internal sealed class LocateEndpoint(
    ClusterRegistry registry,
    ClusterSelector selector,
    LocatorReadiness readiness,
    LocatorMetrics metrics,
    LocatorOptions options,
    ClientCredentials clientCredentials,
    LocateRateLimiter rateLimiter,
    LocateDecision decision)
{
    private readonly long _ttlMs = (long)options.PlacementTtl.TotalMilliseconds;
    private readonly string _retryAfterUnavailable = ProblemResponses.RetryAfterSeconds(options.ReportInterval);

    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapGet("/v1/locate", metrics.TimeLocates(LocateAsync))
        .Operation("Locate", "locate", "The connection request: which cluster to connect to, and with which protocol", "Answers the healthiest eligible cluster of the service under the locator's policy, and counts the placement toward its load until its next report. With explain=true, answers which cluster a locate would choose now and why, placing nothing.")
        .Query("service", JsonSchemaType.String, required: true, "The service to locate: an identifier ([A-Za-z0-9._-]{1,64}).")
        .Query("protocol", JsonSchemaType.String, required: false, "tcp or http: only clusters offering it. Without it, each cluster's first endpoint.")
        .Query("zone", JsonSchemaType.String, required: false, "Clusters in this zone are preferred while one of them is eligible.")
        .Query("exclude", JsonSchemaType.String, required: false, "Comma-separated cluster ids not to choose (at most 64), e.g. one that just refused a connection.")
        .Query("key", JsonSchemaType.String, required: false, "Affinity key (at most 256 characters): the same key goes to the same cluster while it stays eligible.")
        .Query("explain", JsonSchemaType.String, required: false, "true or 1: answer the explanation (LocateExplanation) instead of a placement; false or 0 (or absent): locate.")
        .Answers<LocateResponse>(StatusCodes.Status200OK, "The placement; with explain=true, the explanation (LocateExplanation), even when nothing is eligible.")
        .AlsoAnswers<LocateExplanation>(StatusCodes.Status200OK)
        .Problem(StatusCodes.Status400BadRequest, "Invalid parameters: errors names each.", ProblemTypes.InvalidRequest)
        .Problem(StatusCodes.Status401Unauthorized, "The locator requires client credentials (--client-credentials) and the request carries no known one; with WWW-Authenticate: Bearer.")
        .Problem(StatusCodes.Status403Forbidden, "The client's credential does not cover the service.")
        .Problem(StatusCodes.Status429TooManyRequests, "This client asked more than the locator's per-client rate this second; Retry-After says when to ask again.", ProblemTypes.RateLimited)
        .Problem(StatusCodes.Status503ServiceUnavailable, "No cluster of the service is eligible (no-eligible-cluster: every locator would say the same), or this locator is warming up (warming-up: ask another locator); Retry-After.", ProblemTypes.NoEligibleCluster, ProblemTypes.WarmingUp);

    private Task LocateAsync(HttpContext context)
    {
        var credential = clientCredentials.Authenticate(context);
        var client = ClientKey.Of(context, credential);
        if (!rateLimiter.TryAcquire(client, out var retryAfter))
        {
            return RateLimitedAsync(context, client, retryAfter);
        }

        if (clientCredentials.Required && credential is null)
        {
            return UnauthorizedAsync(context);
        }

        if (!readiness.IsReady(out var remaining))
        {
            return RefuseAsync(
                context,
                MetricResults.WarmingUp,
                StatusCodes.Status503ServiceUnavailable,
                "Warming up",
                readiness.NotReadyDetail(remaining),
                ProblemTypes.WarmingUp,
                ProblemResponses.RetryAfterSeconds(remaining));
        }

        var query = LocateQuery.Parse(context.Request.QueryString);
        var request = LocateRequest.Parse(query.Service, query.Protocol, query.Zone, query.Exclude, query.Key, out var errors);
        var explain = query.HasExplain && ExplainRequest.IsOn(query.Explain, ref errors);
        if (request is null || errors.Count > 0)
        {
            metrics.Located(MetricResults.Invalid);
            return ProblemResponses.InvalidAsync(context, errors);
        }

        if (credential is not null && !credential.Services.Matches(request.Service))
        {
            return ForbiddenAsync(context, credential, request.Service);
        }

        var now = registry.Now;
        if (explain)
        {
            // Neither placed nor counted toward the client's share: a 200 even when nothing is eligible.
            var clusters = registry.Snapshot.ClustersOf(request.Service);
            return WriteAsync(context, LocateExplainer.Explain(selector, registry, clusters, request, now), ProtocolJsonContext.Wire.LocateExplanation);
        }

        var result = decision.Place(client, request, now, LocateTransports.Http);
        if (!result.IsPlaced)
        {
            return RefuseAsync(context, null, StatusCodes.Status503ServiceUnavailable, "No eligible cluster", result.FailureDetail!, ProblemTypes.NoEligibleCluster, _retryAfterUnavailable);
        }

        // What new LocateResponse(…) serialized by ProtocolJsonContext.Wire would be, written without either.
        LocateResponseWriter.Write(context.Response, result.Cluster!.ClusterId, result.Protocol!, result.Address!, Math.Round(result.Health, 4), _ttlMs, registry.IsStale(result.Cluster, now));
        return Task.CompletedTask;
    }

    // Serialized whole, so the answer carries a Content-Length instead of being chunked.
    private static Task WriteAsync<T>(HttpContext context, T answer, JsonTypeInfo<T> type)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(answer, type);
        var response = context.Response;
        response.ContentType = LocateResponseWriter.JsonContentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    /// <summary>Answers a locate that places nothing: counted under <paramref name="result"/> (unless already counted: null), with a problem.</summary>
    private Task RefuseAsync(HttpContext context, string? result, int status, string title, string detail, string type = ProblemResponses.AboutBlank, string? retryAfter = null)
    {
        if (result is not null)
        {
            metrics.Located(result);
        }

        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        return ProblemResponses.WriteAsync(context, status, title, detail, type: type);
    }

    private Task RateLimitedAsync(HttpContext context, ClientKey client, TimeSpan retryAfter) => RefuseAsync(
        context,
        MetricResults.RateLimited,
        StatusCodes.Status429TooManyRequests,
        "Too many locates",
        rateLimiter.RefusalDetail(client, retryAfter),
        ProblemTypes.RateLimited,
        ProblemResponses.RetryAfterSeconds(retryAfter));

    private Task UnauthorizedAsync(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return RefuseAsync(
            context,
            MetricResults.Unauthorized,
            StatusCodes.Status401Unauthorized,
            "Client credential required",
            "This locator answers only clients that present a credential of its client credentials file (--client-credentials): send 'Authorization: Bearer <token>' (clusterlocator locate --token-file FILE), or connect over https with a client certificate whose subject the file names.");
    }

    private Task ForbiddenAsync(HttpContext context, Credential credential, string service) => RefuseAsync(
        context,
        MetricResults.Forbidden,
        StatusCodes.Status403Forbidden,
        "Not covered by this credential",
        $"The credential '{credential.Name}' may locate the services {credential.Services}; '{service}' is not among them. Use the credential issued for it, or widen this one in the client credentials file.");
}
