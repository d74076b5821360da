using System.Net;
using System.Net.Http.Json;
using ClusterLocator.Protocol;

namespace ClusterLocator.Controller.Tests.Reporting;

/// <summary>Stands in for locators: records each request, and answers per locator as the test says.</summary>
internal sealed class FakeLocatorHandler : HttpMessageHandler
{
    private readonly List<(HttpMethod Method, Uri Uri, string? Authorization, ClusterReport? Report)> _requests = [];

    /// <summary>The answer for a request; by default 200 with a 1 s interval.</summary>
    public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Answer { get; set; } =
        (_, _) => Task.FromResult(Accepted(1000));

    public IReadOnlyList<(HttpMethod Method, Uri Uri, string? Authorization, ClusterReport? Report)> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static HttpResponseMessage Accepted(long intervalMs) => new(HttpStatusCode.OK)
    {
        Content = JsonContent.Create(new ReportAccepted(0.5, intervalMs * 3, intervalMs), ProtocolJsonContext.Default.ReportAccepted),
    };

    public static HttpResponseMessage Problem(HttpStatusCode status, string detail) => new(status)
    {
        Content = JsonContent.Create(
            new Problem { Title = "x", Status = (int)status, Detail = detail },
            ProtocolJsonContext.Default.Problem,
            new System.Net.Http.Headers.MediaTypeHeaderValue(ClusterLocator.Protocol.Problem.ContentType)),
    };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ClusterReport? report = request.Content is null ? null : await request.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.ClusterReport, cancellationToken);
        lock (_requests)
        {
            _requests.Add((request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), report));
        }

        return await Answer(request, cancellationToken);
    }
}
