using ClusterLocator.Locator.Hosting;
using ClusterLocator.Locator.Placement;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClusterLocator.Locator.Api;

/// <summary><c>/healthz</c>, <c>/readyz</c> and <c>/v1/status</c>; the dashboard at <c>/</c> is <see cref="Dashboard.DashboardEndpoints"/>.</summary>
internal sealed class SystemEndpoints(ClusterRegistry registry, ClusterSelector selector, LocatorReadiness readiness, ListenScope scope, LocatorOptions options)
{
    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", (HttpContext context) => WriteTextAsync(context, "ok"))
            .Operation("Healthz", "system", "Liveness", "200 while the process runs.")
            .Answers(StatusCodes.Status200OK, typeof(string), ApiDocumentation.Text, "ok");
        endpoints.MapGet("/readyz", ReadyAsync)
            .Operation("Readyz", "system", "Readiness", "Whether the locator answers locates: not while its store has not been read, nor during the warm-up.")
            .Answers(StatusCodes.Status200OK, typeof(string), ApiDocumentation.Text, "ready")
            .Answers(StatusCodes.Status503ServiceUnavailable, typeof(string), ApiDocumentation.Text, "Not ready, and why, as text for a probe: the store not read yet, a background task failing, or the warm-up's time left.");
        endpoints.MapGet("/v1/status", StatusAsync)
            .Operation("Status", "system", "The locator itself", "Version, policy, store kind and health, time since the store was last reached, counts of clusters and services.")
            .Answers<LocatorStatus>(StatusCodes.Status200OK, "The locator's status.");
    }

    private Task ReadyAsync(HttpContext context)
    {
        if (readiness.IsReady(out var remaining))
        {
            return WriteTextAsync(context, "ready");
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return WriteTextAsync(
            context,
            !readiness.StoreLoaded ? $"not ready: the {registry.StoreKind} store has not been read yet ({registry.StoreHealth.Problem ?? "connecting"})"
            : readiness.TaskProblem is { } problem ? $"not ready: {problem}"
            : $"warming up: ready in {remaining.TotalSeconds:0.#}s");
    }

    // A probe reads only the status; a person, or a tool, reads the text as what it is.
    private static Task WriteTextAsync(HttpContext context, string text)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }

    private Task StatusAsync(HttpContext context)
    {
        var now = registry.Now;
        var all = registry.Snapshot.All.ToList();
        var status = new LocatorStatus
        {
            Version = typeof(SystemEndpoints).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
            Policy = selector.Policy.Name,
            Store = StoreStatusOf(registry),
            Ready = readiness.IsReady(out _),
            UptimeMs = (long)readiness.Uptime.TotalMilliseconds,
            ReportIntervalMs = (long)options.ReportInterval.TotalMilliseconds,
            LeaseMs = (long)options.EffectiveLease.TotalMilliseconds,
            Clusters = all.Count,
            EligibleClusters = all.Count(e => e.StateAt(now).IsEligible),
            Services = registry.Snapshot.Services.Count,
            Transport = scope.Transport,
        };
        return context.Response.WriteAsJsonAsync(status, ProtocolJsonContext.Wire.LocatorStatus, contentType: null, context.RequestAborted);
    }

    private static StoreStatus StoreStatusOf(ClusterRegistry registry)
    {
        var health = registry.StoreHealth;
        var sinceContact = health.LastContact == 0 ? 0 : (long)registry.Elapsed(health.LastContact, registry.Now).TotalMilliseconds;
        return new StoreStatus(registry.StoreKind, health.Healthy, sinceContact) { Problem = health.Problem };
    }
}
