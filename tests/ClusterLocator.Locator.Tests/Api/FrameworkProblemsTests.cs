using System.Net;
using System.Text;
using ClusterLocator.Locator.Api;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Tests.Api;

/// <summary>The errors the framework answers rather than a handler are problems too, over loopback.</summary>
public class FrameworkProblemsTests
{
    [Fact]
    public async Task UnknownRoute_Is404Problem_NamingTheDocument()
    {
        await using var locator = await ApiLocator.StartAsync();

        using var response = await locator.SendAsync(HttpMethod.Get, "v1/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await ApiLocator.ProblemOfAsync(response);
        Assert.Equal("about:blank", problem.Type);
        Assert.Equal("Not Found", problem.Title);
        Assert.Contains("GET /v1/nothing-here", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("/openapi/v1.json", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("traceId", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongMethod_Is405Problem_WithAllow()
    {
        await using var locator = await ApiLocator.StartAsync();

        using var response = await locator.SendAsync(HttpMethod.Post, "v1/clusters/a");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        var allow = response.Content.Headers.Allow;
        Assert.Equal(["DELETE", "PUT"], allow.Order(StringComparer.Ordinal));
        var problem = await ApiLocator.ProblemOfAsync(response);
        Assert.Equal("about:blank", problem.Type);
        Assert.Equal("Method Not Allowed", problem.Title);
        Assert.Contains("POST", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("PUT", problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BodyTooLarge_Is413Problem(bool chunked)
    {
        await using var locator = await ApiLocator.StartAsync();
        HttpContent content = new StringContent(new string(' ', 200 * 1024), Encoding.UTF8, "application/json");
        if (chunked)
        {
            content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(new string(' ', 200 * 1024))));
            content.Headers.ContentType = new("application/json");
        }

        using var response = await locator.SendAsync(HttpMethod.Put, "v1/clusters/a", content, configure: request =>
        {
            request.Headers.ExpectContinue = !chunked;
            request.Headers.TransferEncodingChunked = chunked;
        });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await ApiLocator.ProblemOfAsync(response);
        Assert.Equal("about:blank", problem.Type);
        Assert.Equal("Report too large", problem.Title);
    }

    [Fact]
    public async Task BadJson_Is400Problem()
    {
        await using var locator = await ApiLocator.StartAsync();

        using var response = await locator.SendAsync(HttpMethod.Put, "v1/clusters/a", new StringContent("{\"service\": ", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ApiLocator.ProblemOfAsync(response);
        Assert.Equal("Invalid JSON", problem.Title);
        Assert.StartsWith("The body is not a valid cluster report: ", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failure_Is500Problem_WithoutTheException_AndIsLoggedUnderItsTraceId()
    {
        var log = new ListLogger<UnhandledExceptionHandler>();
        await using var locator = await ApiLocator.StartAsync(services: services => services.AddSingleton<ILogger<UnhandledExceptionHandler>>(log));

        using var response = await locator.SendAsync(HttpMethod.Get, "v1/status", configure: request => request.Headers.Add(ApiLocator.FailHeader, "1"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var problem = await ApiLocator.ProblemOfAsync(response);
        Assert.Equal("about:blank", problem.Type);
        Assert.Equal("Internal Server Error", problem.Title);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        Assert.DoesNotContain("must not reach the client", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(body);
        var traceId = json.RootElement.GetProperty("traceId").GetString()!;
        Assert.Contains(traceId, problem.Detail, StringComparison.Ordinal);
        var entry = Assert.Single(log.Entries, e => e.Id.Id == 310);
        Assert.Contains(traceId, entry.Message, StringComparison.Ordinal);
        Assert.Contains("GET /v1/status", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreadableRequestEscapingAHandler_IsAProblemWithItsStatus_NotA500()
    {
        var log = new ListLogger<UnhandledExceptionHandler>();
        await using var locator = await ApiLocator.StartAsync(services: services => services.AddSingleton<ILogger<UnhandledExceptionHandler>>(log));

        using var response = await locator.SendAsync(HttpMethod.Get, "v1/status", configure: request => request.Headers.Add(ApiLocator.FailHeader, ApiLocator.FailTooLarge));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await ApiLocator.ProblemOfAsync(response);
        Assert.Equal("Payload Too Large", problem.Title);
        Assert.Contains("could not be read", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(log.Entries, e => e.Id.Id == 310);
    }

    [Fact]
    public async Task ProblemOfALocatorHandler_KeepsItsBytes()
    {
        // The wire contract's problems are the locator's own, untouched by the framework's writer:
        // members in order, quotes unescaped, no traceId.
        await using var locator = await ApiLocator.StartAsync();

        using var response = await locator.SendAsync(HttpMethod.Get, "v1/locate?service=ghost");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.StartsWith($$"""{"type":"{{ProblemTypes.NoEligibleCluster}}","title":"No eligible cluster","status":503,"detail":"No cluster of service 'ghost' is registered""", body, StringComparison.Ordinal);
        Assert.EndsWith("\"}", body, StringComparison.Ordinal);
    }
}
