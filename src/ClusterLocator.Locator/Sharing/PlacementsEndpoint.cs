using ClusterLocator.Locator.Api;
using ClusterLocator.Locator.Diagnostics;
using ClusterLocator.Locator.Limits;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Locator.Security;
using ClusterLocator.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Sharing;

/// <summary>
/// <c>POST /v1/placements</c>: a peer locator's counts of the sessions it placed, applied to the
/// clusters whose report they were counted against (<see cref="SharedPlacementRule"/>). Written like a
/// report: the controller token or a credential when the locator has any, a credential counting only
/// for the clusters it may report.
/// </summary>
internal sealed partial class PlacementsEndpoint(
    ClusterRegistry registry,
    CredentialsSource credentials,
    LocatorInstance instance,
    LocatorMetrics metrics,
    TimeProvider time,
    ILogger<PlacementsEndpoint> logger) : IDisposable
{
    public const string Route = "/v1/placements";

    /// <summary>The largest body accepted: a batch of the most clusters a registry holds fits.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private static readonly JsonBody Body = new("batch", "placement batch", MaxBodyBytes, " Send the counts in several requests.");

    private readonly RefusalLogThrottle _refusals = new(time, logger);

    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapPost(Route, PostAsync)
        .Operation("SharePlacements", "peers", "A peer locator's placement counts", "Sent by a locator to each of its peers every sync interval in which it placed sessions: the sessions placed on each cluster, counted against the report they were placed under.")
        .Reads<PlacementBatch>()
        .Answers(StatusCodes.Status204NoContent, type: null, contentType: null, "Read, whatever became of each count.")
        .Problem(StatusCodes.Status400BadRequest, "Invalid JSON or an unreadable body (about:blank), or a bad field (invalid-request: errors names them); nothing applies.", ProblemTypes.InvalidRequest, ProblemResponses.AboutBlank)
        .Problem(StatusCodes.Status401Unauthorized, "The locator has a controller token or credentials, and the request carries no known one; with WWW-Authenticate: Bearer.")
        .Problem(StatusCodes.Status413PayloadTooLarge, $"The body is over {MaxBodyBytes} bytes: send the counts in several requests.")
        .Problem(StatusCodes.Status415UnsupportedMediaType, "The body is not sent as application/json.");

    private async Task PostAsync(HttpContext context)
    {
        // A browser sends a cross-site POST without asking first only with a form or text content
        // type: requiring JSON keeps a web page from posting counts to an open loopback locator.
        if (!context.Request.HasJsonContentType())
        {
            await ProblemResponses.WriteAsync(
                context,
                StatusCodes.Status415UnsupportedMediaType,
                "JSON required",
                $"The body's Content-Type is '{context.Request.ContentType}': send the placement batch as application/json.");
            return;
        }

        if (!credentials.Current.TryAuthenticate(context, out var credential))
        {
            if (_refusals.ShouldLog(RemoteAddress(context), "placements without a known token"))
            {
                Log.Unauthorized(logger, RemoteAddress(context));
            }

            context.Response.Headers.WWWAuthenticate = "Bearer";
            await ProblemResponses.WriteAsync(
                context,
                StatusCodes.Status401Unauthorized,
                "Controller token required",
                "This locator takes placement counts only from peers that send its controller token (or a credential): give every locator of the group the same --controller-token-file.");
            return;
        }

        var (batch, problem) = await Body.ReadAsync(context, SharingJsonContext.Default.PlacementBatch);
        if (problem is not null)
        {
            await problem.WriteAsync(context);
            return;
        }

        var errors = PlacementBatchValidator.Validate(batch);
        if (errors.Count > 0)
        {
            Log.BatchInvalid(logger, RemoteAddress(context), errors.Count);
            await ProblemResponses.InvalidAsync(context, errors);
            return;
        }

        // A locator given its own address under another name: its counts are its own already.
        if (batch!.Locator != instance.Id)
        {
            Apply(context, batch.Placements!, credential);
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private void Apply(HttpContext context, IReadOnlyList<SharedPlacement?> placements, Credential? credential)
    {
        foreach (var placement in placements)
        {
            var entry = registry.Find(placement!.Cluster!);
            if (entry is not null && credential is not null && !credential.Covers(entry.Service, entry.ClusterId))
            {
                metrics.PeerPlacements(MetricResults.Forbidden, placement.Count!.Value);
                if (_refusals.ShouldLog(RemoteAddress(context), $"placements not covered by '{credential.Name}'"))
                {
                    Log.Forbidden(logger, credential.Name, entry.ClusterId, entry.Service);
                }

                continue;
            }

            metrics.PeerPlacements(ResultOf(SharedPlacementRule.Apply(entry, placement)), placement.Count!.Value);
        }
    }

    private static string ResultOf(ShareOutcome outcome) => outcome switch
    {
        ShareOutcome.Applied => "applied",
        ShareOutcome.UnknownCluster => "unknown_cluster",
        _ => "other_report",
    };

    private static string RemoteAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public void Dispose() => _refusals.Dispose();
}
