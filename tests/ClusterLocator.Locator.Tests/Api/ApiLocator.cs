using ClusterLocator.Locator.Hosting;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Locator.Tests.Api;

/// <summary>
/// The locator as <c>clusterlocator locator</c> runs it (<see cref="LocatorHost"/>), on Kestrel at
/// 127.0.0.1 port 0, with a fake clock. A request that carries <see cref="FailHeader"/> fails after
/// its route was chosen, as a bug in that route's handler would: what the host answers then is what
/// the tests check. Stops what it starts.
/// </summary>
internal sealed class ApiLocator : IAsyncDisposable
{
    /// <summary>A request with this header throws once routed.</summary>
    public const string FailHeader = "X-Test-Fail";

    /// <summary>The value of <see cref="FailHeader"/> that throws what the server throws for a body over its limit.</summary>
    public const string FailTooLarge = "too-large";

    private readonly WebApplication _app;

    private ApiLocator(WebApplication app, FakeTimeProvider time)
    {
        _app = app;
        Time = time;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/"), Timeout = TimeoutExtensions.DefaultTimeoutTimeSpan };
    }

    public FakeTimeProvider Time { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The endpoints the running application routes to.</summary>
    public IEnumerable<Microsoft.AspNetCore.Http.Endpoint> Endpoints =>
        _app.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints;

    public static async Task<ApiLocator> StartAsync(Action<LocatorOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var options = new LocatorOptions { WarmUp = TimeSpan.Zero };
        options.Urls.Add("http://127.0.0.1:0");
        configure?.Invoke(options);
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var app = LocatorHost.Build(options, time, new Random(42), logging => logging.SetMinimumLevel(LogLevel.Warning), services);
        app.Use(next => context => context.Request.Headers[FailHeader].ToString() switch
        {
            "" => next(context),
            FailTooLarge => throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge),
            _ => throw new InvalidOperationException("A test failure: this text and its stack trace must not reach the client."),
        });
        await app.StartAsync().DefaultTimeout();
        return new ApiLocator(app, time);
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, string? token = null, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        configure?.Invoke(request);
        return Http.SendAsync(request).DefaultTimeout();
    }

    public static HttpContent Json(ClusterReport report) =>
        System.Net.Http.Json.JsonContent.Create(report, ProtocolJsonContext.Default.ClusterReport);

    /// <summary>The problem in <paramref name="response"/>, checked to have the members every problem has.</summary>
    public static async Task<Problem> ProblemOfAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(Problem.ContentType == response.Content.Headers.ContentType?.MediaType, $"{(int)response.StatusCode} is {response.Content.Headers.ContentType}, not a problem: {body}");
        using var json = System.Text.Json.JsonDocument.Parse(body);
        foreach (var member in new[] { "type", "title", "status", "detail" })
        {
            Assert.True(json.RootElement.TryGetProperty(member, out _), $"The problem lacks '{member}': {body}");
        }

        var problem = System.Text.Json.JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.Problem)!;
        Assert.Equal((int)response.StatusCode, problem.Status);
        return problem;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync().DefaultTimeout();
        await _app.DisposeAsync();
    }
}
