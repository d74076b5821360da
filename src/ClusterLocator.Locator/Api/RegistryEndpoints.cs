using System.Globalization;
using ClusterLocator.Locator.Diagnostics;
using ClusterLocator.Locator.Health;
using ClusterLocator.Locator.Limits;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Locator.Security;
using ClusterLocator.Protocol;
using ClusterLocator.Protocol.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.OpenApi;

namespace ClusterLocator.Locator.Api;

/// <summary><c>PUT</c>, <c>DELETE</c> <c>/v1/clusters/{clusterId}</c> and <c>GET /v1/clusters</c>.</summary>
internal sealed partial class RegistryEndpoints(
    ClusterRegistry registry,
    CredentialsSource credentials,
    LocatorMetrics metrics,
    LocatorOptions options,
    TimeProvider time,
    ILogger<RegistryEndpoints> logger) : IDisposable
{
    /// <summary>The largest report body accepted.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly JsonBody Body = new("report", "cluster report", MaxBodyBytes);

    /// <summary>How many clusters a page of <c>GET /v1/clusters</c> holds when the request does not say.</summary>
    public const int DefaultPageSize = 500;

    /// <summary>The most clusters a page of <c>GET /v1/clusters</c> holds.</summary>
    public const int MaxPageSize = 1000;

    private readonly RefusalLogThrottle _refusals = new(time, logger);

    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPut("/v1/clusters/{clusterId}", metrics.TimeReports(ReportAsync))
            .Operation("Report", "clusters", "Register a cluster, or report its load", "The controller sends its cluster's whole state every report interval: the same request registers a new cluster, reports its load and refreshes its lease.")
            .Path("clusterId", "The cluster's id: an identifier ([A-Za-z0-9._-]{1,64}).")
            .Reads<ClusterReport>()
            .Answers<ReportAccepted>(StatusCodes.Status200OK, "Accepted: the health computed from the report, how long it keeps the cluster alive, how often to report.")
            .Problem(StatusCodes.Status400BadRequest, "Invalid JSON (about:blank), an unreadable body (about:blank), or a rule of the report broken (invalid-request: errors lists every one).", ProblemTypes.InvalidRequest, ProblemResponses.AboutBlank)
            .Problem(StatusCodes.Status401Unauthorized, "The locator has a controller token or credentials, and the request carries no known one; with WWW-Authenticate: Bearer.")
            .Problem(StatusCodes.Status403Forbidden, "The credential does not cover the cluster or its service, or another credential owns the cluster while its lease lives.")
            .Problem(StatusCodes.Status409Conflict, "The report's seq is lower than the last accepted seq of the same incarnation.")
            .Problem(StatusCodes.Status413PayloadTooLarge, $"The body is over {MaxBodyBytes} bytes.")
            .Problem(StatusCodes.Status429TooManyRequests, "The report would register a new cluster past one of the locator's limits; nothing was changed; Retry-After.", ProblemTypes.LimitReached)
            .Problem(StatusCodes.Status503ServiceUnavailable, "The store does not take writes now (etcd unreachable or full); retry on the report interval.");
        endpoints.MapDelete("/v1/clusters/{clusterId}", DeregisterAsync)
            .Operation("Deregister", "clusters", "Deregister a cluster", "A controller that shuts down deregisters, naming the incarnation it registered with, so that an old instance cannot remove its replacement.")
            .Path("clusterId", "The cluster's id.")
            .Query("incarnation", JsonSchemaType.String, required: true, "The incarnation that registered the cluster (GET /v1/clusters shows it).")
            .Answers(StatusCodes.Status204NoContent, type: null, contentType: null, "Removed, or the cluster is not known (nothing is written).")
            .Problem(StatusCodes.Status400BadRequest, "An invalid cluster id, or a missing or invalid incarnation.", ProblemTypes.InvalidRequest)
            .Problem(StatusCodes.Status401Unauthorized, "The locator has a controller token or credentials, and the request carries no known one; with WWW-Authenticate: Bearer.")
            .Problem(StatusCodes.Status403Forbidden, "The credential does not cover the cluster, or another credential owns it while its lease lives.")
            .Problem(StatusCodes.Status409Conflict, "The cluster is now another incarnation: a newer instance replaced the one deregistering, and it stays.");
        endpoints.MapGet("/v1/clusters", ListAsync)
            .Operation("ListClusters", "clusters", "One page of the registered clusters", "Clusters ordered by id (ordinal), with their state, computed health and the age of their last report; follow next for the following page.")
            .Query("service", JsonSchemaType.String, required: false, "Only this service's clusters.")
            .Query("state", JsonSchemaType.String, required: false, "Only clusters in this state: active, draining or expired.")
            .Query("zone", JsonSchemaType.String, required: false, "Only this zone's clusters.")
            .Query("limit", JsonSchemaType.Integer, required: false, $"How many clusters a page holds: 1 to {MaxPageSize} (default {DefaultPageSize}).")
            .Query("after", JsonSchemaType.String, required: false, "The next of the previous page: the page starts after this cluster id.")
            .Answers<ClusterList>(StatusCodes.Status200OK, "One page of clusters; next is absent on the last page.")
            .Problem(StatusCodes.Status400BadRequest, "A parameter is invalid: errors names each.", ProblemTypes.InvalidRequest);
    }

    private async Task ReportAsync(HttpContext context)
    {
        var clusterId = (string)context.Request.RouteValues["clusterId"]!;
        if (!credentials.Current.TryAuthenticate(context, out var credential))
        {
            await UnauthorizedAsync(context, clusterId);
            return;
        }

        var (report, problem) = await Body.ReadAsync(context, ProtocolJsonContext.Default.ClusterReport);
        if (problem is not null)
        {
            metrics.Reported(MetricResults.Invalid);
            await problem.WriteAsync(context);
            return;
        }

        var errors = ReportValidator.Validate(clusterId, report);
        if (errors.Count > 0)
        {
            metrics.Reported(MetricResults.Invalid);
            Log.ReportInvalid(logger, ReportValidator.Shorten(clusterId), errors.Count);
            await ProblemResponses.InvalidAsync(context, errors);
            return;
        }

        if (credential is not null && !credential.Covers(report!.Service!, clusterId))
        {
            await ForbiddenAsync(context, credential, clusterId, report.Service!);
            return;
        }

        if (credential is not null && registry.Find(clusterId) is { } known && IsOwnedByAnother(known, credential))
        {
            await OwnedAsync(context, credential, clusterId, known);
            return;
        }

        // The owner is who wrote it, whatever the body says.
        if (report!.Owner != credential?.Name)
        {
            report = report with { Owner = credential?.Name };
        }

        var result = await registry.ReportAsync(clusterId, report!, context.RequestAborted);
        if (result.Problem is { } storeProblem)
        {
            metrics.Reported(MetricResults.Unavailable);
            await ProblemResponses.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Store refuses writes", $"The report was not stored: {storeProblem}");
            return;
        }

        if (result.Limit is { } limit)
        {
            await LimitReachedAsync(context, clusterId, report.Service!, limit);
            return;
        }

        if (!result.IsAccepted)
        {
            metrics.Reported(MetricResults.OutOfOrder);
            await ProblemResponses.WriteAsync(
                context,
                StatusCodes.Status409Conflict,
                "Report out of order",
                $"Report seq {report!.Seq} of incarnation '{report.Incarnation}' is older than seq {result.CurrentSeq} already accepted for cluster '{clusterId}'. Send increasing seq numbers; a restarted controller must use a new incarnation.");
            return;
        }

        metrics.Reported(MetricResults.Accepted);
        var accepted = new ReportAccepted(
            HealthModel.Of(report!),
            (long)options.EffectiveLease.TotalMilliseconds,
            (long)options.ReportInterval.TotalMilliseconds);
        await context.Response.WriteAsJsonAsync(accepted, ProtocolJsonContext.Wire.ReportAccepted, contentType: null, context.RequestAborted);
    }

    private async Task DeregisterAsync(HttpContext context)
    {
        var clusterId = (string)context.Request.RouteValues["clusterId"]!;
        if (!credentials.Current.TryAuthenticate(context, out var credential))
        {
            await UnauthorizedAsync(context, clusterId);
            return;
        }

        if (!Identifiers.IsValid(clusterId))
        {
            await ProblemResponses.InvalidAsync(context, [$"The cluster id '{ReportValidator.Shorten(clusterId)}' is invalid: use {Identifiers.Rule}."]);
            return;
        }

        string? incarnation = context.Request.Query["incarnation"];
        if (string.IsNullOrEmpty(incarnation) || !Identifiers.IsValid(incarnation))
        {
            await ProblemResponses.InvalidAsync(context, [string.IsNullOrEmpty(incarnation)
                ? $"'incarnation' is missing: name the incarnation that registered the cluster, DELETE /v1/clusters/{clusterId}?incarnation=INCARNATION (GET /v1/clusters shows it), so that an old instance cannot remove its replacement."
                : $"'incarnation' is '{ReportValidator.Shorten(incarnation)}': use {Identifiers.Rule}."]);
            return;
        }

        if (credential is not null && registry.Find(clusterId) is { } known)
        {
            if (!credential.Covers(known.Service, clusterId))
            {
                await ForbiddenAsync(context, credential, clusterId, known.Service);
                return;
            }

            if (IsOwnedByAnother(known, credential))
            {
                await OwnedAsync(context, credential, clusterId, known);
                return;
            }
        }

        var result = await registry.RemoveAsync(clusterId, incarnation, context.RequestAborted);
        if (result.Outcome == RemoveOutcome.OtherIncarnation)
        {
            await ProblemResponses.WriteAsync(
                context,
                StatusCodes.Status409Conflict,
                "Another incarnation",
                $"Cluster '{clusterId}' is now incarnation '{result.CurrentIncarnation}', not '{ReportValidator.Shorten(incarnation)}': a newer instance replaced the one deregistering, and it stays. Nothing was removed.");
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>
    /// One page of the clusters, ordered by id (ordinal): <c>limit</c> of them (default
    /// <see cref="DefaultPageSize"/>, at most <see cref="MaxPageSize"/>) after the id <c>after</c>,
    /// filtered by <c>service</c>, <c>state</c> and <c>zone</c>; <c>next</c> is the <c>after</c> of the
    /// next page, absent on the last.
    /// </summary>
    private Task ListAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var errors = new List<string>();
        var service = IdParameter(query, "service", "to list every service's clusters", errors);
        var after = IdParameter(query, "after", "to start at the first cluster", errors);
        var zone = IdParameter(query, "zone", "to list every zone's clusters", errors);
        string? state = query["state"];
        if (!string.IsNullOrEmpty(state) && state is not (ClusterStates.Active or ClusterStates.Draining or ClusterStates.Expired))
        {
            errors.Add($"'state' is '{ReportValidator.Shorten(state)}': use {ClusterStates.Active}, {ClusterStates.Draining} or {ClusterStates.Expired}, or leave it out to list clusters in every state.");
        }

        var limit = DefaultPageSize;
        string? limitText = query["limit"];
        if (!string.IsNullOrEmpty(limitText)
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxPageSize))
        {
            errors.Add($"'limit' is '{ReportValidator.Shorten(limitText)}': use a number from 1 to {MaxPageSize} (default {DefaultPageSize}); follow 'next' for the rest.");
        }

        if (errors.Count > 0)
        {
            return ProblemResponses.InvalidAsync(context, errors);
        }

        var snapshot = registry.Snapshot;
        var now = registry.Now;
        var entries = service is null ? snapshot.All : snapshot.ClustersOf(service);
        var page = entries
            .Where(e => (after is null || string.CompareOrdinal(e.ClusterId, after) > 0)
                && (zone is null || e.Zone == zone)
                && (state is null || e.StateAt(now).Name == state))
            .OrderBy(e => e.ClusterId, StringComparer.Ordinal)
            .Take(limit + 1)
            .Select(e => ToView(e, now))
            .ToList();
        string? next = null;
        if (page.Count > limit)
        {
            page.RemoveAt(limit);
            next = page[^1].ClusterId;
        }

        return context.Response.WriteAsJsonAsync(new ClusterList(page) { Next = next }, ProtocolJsonContext.Wire.ClusterList, contentType: null, context.RequestAborted);
    }

    /// <summary>The identifier in the query parameter <paramref name="name"/>, or null when it is absent or invalid (then with an error).</summary>
    private static string? IdParameter(IQueryCollection query, string name, string leaveOut, List<string> errors)
    {
        string? value = query[name];
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (!Identifiers.IsValid(value))
        {
            errors.Add($"'{name}' is '{ReportValidator.Shorten(value)}': use {Identifiers.Rule}, or leave it out {leaveOut}.");
            return null;
        }

        return value;
    }

    private ClusterView ToView(ClusterEntry entry, long now)
    {
        var state = entry.StateAt(now);
        return new ClusterView
        {
            ClusterId = entry.ClusterId,
            Service = entry.Service,
            Incarnation = entry.Report.Incarnation,
            Owner = entry.Report.Owner,
            State = state.Name,
            Zone = entry.Zone,
            Health = Math.Round(state.Health, 4),
            Eligible = state.IsEligible,
            LastReportAgeMs = (long)registry.Elapsed(entry.ReportedAt, now).TotalMilliseconds,
            PlacedSinceReport = entry.Placed,
            Endpoints = entry.Report.Endpoints!,
            Load = entry.Report.Load!,
        };
    }

    /// <summary>Whether another credential than <paramref name="credential"/> owns <paramref name="entry"/> while its lease lives.</summary>
    private bool IsOwnedByAnother(ClusterEntry entry, Credential credential) =>
        entry.Report.Owner is { } owner && owner != credential.Name && entry.IsAlive(registry.Now);

    private Task LimitReachedAsync(HttpContext context, string clusterId, string service, RegistryLimit limit)
    {
        metrics.Reported(MetricResults.LimitReached);
        if (ShouldLog(context, $"limit {limit.Property}"))
        {
            Log.LimitReached(logger, clusterId, service, RemoteAddress(context), limit.Value, limit.What, limit.Property, limit.Flag);
        }

        // A controller retries on its own backoff; the report interval is the soonest that room may be made.
        context.Response.Headers.RetryAfter = ProblemResponses.RetryAfterSeconds(options.ReportInterval);
        return ProblemResponses.WriteAsync(
            context,
            StatusCodes.Status429TooManyRequests,
            "Limit reached",
            $"The locator is at its limit of {limit.Value} {limit.What} ({limit.Property}, set with clusterlocator locator {limit.Flag}): cluster '{clusterId}' of service '{service}' was not registered, and nothing was changed. Clusters already registered keep reporting. Retry later: room is made when a cluster deregisters, or is forgotten {options.ExpiredRetention.TotalSeconds:0.#}s after its lease ends; or raise the limit.",
            type: ProblemTypes.LimitReached);
    }

    /// <summary>Whether to log this refused write: one line per source per interval, the rest counted (<see cref="RefusalLogThrottle"/>).</summary>
    private bool ShouldLog(HttpContext context, string reason) => _refusals.ShouldLog(RemoteAddress(context), reason);

    private static string RemoteAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public void Dispose() => _refusals.Dispose();

    private Task OwnedAsync(HttpContext context, Credential credential, string clusterId, ClusterEntry owned)
    {
        metrics.Reported(MetricResults.Forbidden);
        if (ShouldLog(context, $"owned by '{owned.Report.Owner}'"))
        {
            Log.Owned(logger, credential.Name, ReportValidator.Shorten(clusterId), owned.Report.Owner!);
        }

        var lease = options.EffectiveLease.TotalSeconds;
        return ProblemResponses.WriteAsync(
            context,
            StatusCodes.Status403Forbidden,
            "Owned by another credential",
            $"Cluster '{clusterId}' was registered with the credential '{owned.Report.Owner}', and only it may replace or remove the cluster while its lease lives: that ends {lease:0.#}s after the cluster's last report. The credential '{credential.Name}' may register it once the cluster has expired.");
    }

    private Task ForbiddenAsync(HttpContext context, Credential credential, string clusterId, string service)
    {
        metrics.Reported(MetricResults.Forbidden);
        if (ShouldLog(context, $"not covered by '{credential.Name}'"))
        {
            Log.Forbidden(logger, credential.Name, ReportValidator.Shorten(clusterId), service);
        }

        return ProblemResponses.WriteAsync(
            context,
            StatusCodes.Status403Forbidden,
            "Not covered by this credential",
            $"The credential '{credential.Name}' covers {credential.Scope}; cluster '{clusterId}' of service '{service}' is not among them. Use the credential issued for it, or widen this one in the credentials file.");
    }

    private Task UnauthorizedAsync(HttpContext context, string clusterId)
    {
        metrics.Reported(MetricResults.Unauthorized);
        if (ShouldLog(context, "missing or unknown token"))
        {
            Log.Unauthorized(logger, ReportValidator.Shorten(clusterId), RemoteAddress(context));
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        return ProblemResponses.WriteAsync(
            context,
            StatusCodes.Status401Unauthorized,
            "Controller token required",
            "This locator only accepts controllers that send its token: add 'Authorization: Bearer <token>' (clusterlocator controller --token-file FILE).");
    }
}
