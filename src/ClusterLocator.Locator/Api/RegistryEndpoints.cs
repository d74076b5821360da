using System.Text.Json;
using ClusterLocator.Locator.Diagnostics;
using ClusterLocator.Locator.Health;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Locator.Security;
using ClusterLocator.Protocol;
using ClusterLocator.Protocol.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Api;

/// <summary><c>PUT</c>, <c>DELETE</c> <c>/v1/clusters/{clusterId}</c> and <c>GET /v1/clusters</c>.</summary>
internal sealed partial class RegistryEndpoints(
    ClusterRegistry registry,
    CredentialsSource credentials,
    LocatorMetrics metrics,
    LocatorOptions options,
    ILogger<RegistryEndpoints> logger)
{
    /// <summary>The largest report body accepted.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPut("/v1/clusters/{clusterId}", ReportAsync);
        endpoints.MapDelete("/v1/clusters/{clusterId}", DeregisterAsync);
        endpoints.MapGet("/v1/clusters", ListAsync);
    }

    private async Task ReportAsync(HttpContext context)
    {
        var clusterId = (string)context.Request.RouteValues["clusterId"]!;
        if (!TryAuthenticate(context, out var credential))
        {
            await UnauthorizedAsync(context, clusterId);
            return;
        }

        // The server's own limit may be far larger when the locator is hosted in an application.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = MaxBodyBytes;
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            metrics.Reported(MetricResults.Invalid);
            await ProblemResponses.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Report too large", $"The body has {context.Request.ContentLength} bytes; a report may have at most {MaxBodyBytes} bytes.");
            return;
        }

        ClusterReport? report;
        try
        {
            report = await JsonSerializer.DeserializeAsync(context.Request.Body, ProtocolJsonContext.Default.ClusterReport, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            metrics.Reported(MetricResults.Invalid);
            await ProblemResponses.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid JSON", $"The body is not a valid cluster report: {ex.Message}");
            return;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            metrics.Reported(MetricResults.Invalid);
            await ProblemResponses.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Report too large", $"The body is over {MaxBodyBytes} bytes, the most a report may have.");
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
        report = report! with { Owner = credential?.Name };

        var result = await registry.ReportAsync(clusterId, report!, context.RequestAborted);
        if (result.Problem is { } storeProblem)
        {
            metrics.Reported(MetricResults.Unavailable);
            await ProblemResponses.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Store refuses writes", $"The report was not stored: {storeProblem}");
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
        if (!TryAuthenticate(context, out var credential))
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

    private Task ListAsync(HttpContext context)
    {
        string? service = context.Request.Query["service"];
        if (!string.IsNullOrEmpty(service) && !Identifiers.IsValid(service))
        {
            return ProblemResponses.InvalidAsync(context, [$"'service' is '{ReportValidator.Shorten(service)}': use {Identifiers.Rule}, or leave it out to list every cluster."]);
        }

        var snapshot = registry.Snapshot;
        var entries = string.IsNullOrEmpty(service)
            ? snapshot.All.OrderBy(e => e.ClusterId, StringComparer.Ordinal)
            : snapshot.ClustersOf(service).AsEnumerable();
        var now = registry.Now;
        var views = entries.Select(e => ToView(e, now)).ToList();
        return context.Response.WriteAsJsonAsync(new ClusterList(views), ProtocolJsonContext.Wire.ClusterList, contentType: null, context.RequestAborted);
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

    /// <summary>
    /// False when credentials are required and the request carries none that is known; otherwise
    /// true, with the caller's credential (null on an open locator, where anyone may write).
    /// </summary>
    private bool TryAuthenticate(HttpContext context, out Credential? credential)
    {
        var set = credentials.Current;
        credential = set.IsOpen ? null : set.Authenticate(context.Request.Headers.Authorization, context.Connection.ClientCertificate);
        return set.IsOpen || credential is not null;
    }

    /// <summary>Whether another credential than <paramref name="credential"/> owns <paramref name="entry"/> while its lease lives.</summary>
    private bool IsOwnedByAnother(ClusterEntry entry, Credential credential) =>
        entry.Report.Owner is { } owner && owner != credential.Name && entry.IsAlive(registry.Now);

    private Task OwnedAsync(HttpContext context, Credential credential, string clusterId, ClusterEntry owned)
    {
        metrics.Reported(MetricResults.Forbidden);
        Log.Owned(logger, credential.Name, ReportValidator.Shorten(clusterId), owned.Report.Owner!);
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
        Log.Forbidden(logger, credential.Name, ReportValidator.Shorten(clusterId), service);
        return ProblemResponses.WriteAsync(
            context,
            StatusCodes.Status403Forbidden,
            "Not covered by this credential",
            $"The credential '{credential.Name}' covers {credential.Scope}; cluster '{clusterId}' of service '{service}' is not among them. Use the credential issued for it, or widen this one in the credentials file.");
    }

    private Task UnauthorizedAsync(HttpContext context, string clusterId)
    {
        metrics.Reported(MetricResults.Unauthorized);
        Log.Unauthorized(logger, ReportValidator.Shorten(clusterId), context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return ProblemResponses.WriteAsync(
            context,
            StatusCodes.Status401Unauthorized,
            "Controller token required",
            "This locator only accepts controllers that send its token: add 'Authorization: Bearer <token>' (clusterlocator controller --token-file FILE).");
    }
}
