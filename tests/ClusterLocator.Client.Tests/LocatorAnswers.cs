using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Web;
using ClusterLocator.Protocol;

namespace ClusterLocator.Client.Tests;

/// <summary>The locators, clusters and answers the tests use.</summary>
internal static class LocatorAnswers
{
    public static readonly Uri A = new("http://locator-a:7400/");
    public static readonly Uri B = new("http://locator-b:7400/");
    public static readonly Uri C = new("http://locator-c:7400/");

    public const string NoEligibleDetail = "Every cluster of 'erp' is draining: wait for one to come back or start another.";

    /// <summary>The TCP front door of a cluster.</summary>
    public static string TcpAddress(string clusterId) => $"{clusterId}.erp.test:9001";

    /// <summary>The HTTP front door of a cluster.</summary>
    public static Uri HttpAddress(string clusterId) => new($"http://{clusterId}.erp.test:8080/");

    public static HttpResponseMessage Placement(string clusterId, long ttlMs = 5000, string protocol = Protocols.Tcp, string? address = null) => new(HttpStatusCode.OK)
    {
        Content = JsonContent.Create(
            new LocateResponse(clusterId, protocol, address ?? (protocol == Protocols.Http ? HttpAddress(clusterId).AbsoluteUri : TcpAddress(clusterId)), 0.8, ttlMs, Stale: false),
            ProtocolJsonContext.Default.LocateResponse),
    };

    public static HttpResponseMessage Problem(HttpStatusCode status, string type, string detail) => new(status)
    {
        Content = JsonContent.Create(
            new Problem { Type = type, Title = status.ToString(), Status = (int)status, Detail = detail },
            ProtocolJsonContext.Default.Problem,
            new MediaTypeHeaderValue(ClusterLocator.Protocol.Problem.ContentType)),
    };

    public static HttpResponseMessage NoEligible(string detail = NoEligibleDetail) =>
        Problem(HttpStatusCode.ServiceUnavailable, ProblemTypes.NoEligibleCluster, detail);

    public static HttpResponseMessage WarmingUp()
    {
        var response = Problem(HttpStatusCode.ServiceUnavailable, ProblemTypes.WarmingUp, "The locator started 1s ago and is waiting for clusters to report.");
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(3));
        return response;
    }

    /// <summary>
    /// A locator that places on the first of <paramref name="clusters"/> the request does not
    /// exclude, on the front door of the protocol asked for, and says nothing is eligible when
    /// every one is excluded.
    /// </summary>
    public static Func<HttpRequestMessage, HttpResponseMessage> FirstEligible(params string[] clusters) => request =>
    {
        var query = HttpUtility.ParseQueryString(request.RequestUri!.Query);
        var excluded = (query["exclude"] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries);
        var protocol = query["protocol"] ?? Protocols.Tcp;
        var eligible = clusters.FirstOrDefault(c => !excluded.Contains(c));
        return eligible is null ? NoEligible() : Placement(eligible, protocol: protocol);
    };

    /// <summary>A locator that takes the request and never answers, until the request is cancelled.</summary>
    public static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Hang(TaskCompletionSource<CancellationToken> asked) => async (_, cancellationToken) =>
    {
        asked.TrySetResult(cancellationToken);
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    };
}
