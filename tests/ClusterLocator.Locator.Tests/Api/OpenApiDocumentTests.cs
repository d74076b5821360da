using System.Net;
using System.Text.Json;
using ClusterLocator.Protocol;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace ClusterLocator.Locator.Tests.Api;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c>, read as a client reads it, against what the
/// running locator really routes and answers.
/// </summary>
public class OpenApiDocumentTests
{
    /// <summary>Routes that are not part of the API: the dashboard, the Prometheus scrape, the document itself.</summary>
    private static readonly HashSet<string> NotApi = ["/", "/metrics", "/openapi/{documentName}.json"];

    [Fact]
    public async Task Document_IsOpenApi31_AndNamesEveryRouteOfTheRunningApp()
    {
        await using var locators = await SecuredLocators.StartAsync();
        using var document = await DocumentAsync(locators.Warm);

        Assert.StartsWith("3.1", document.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var documented = Operations(document).Select(o => $"{o.Method} {o.Route}").ToHashSet();
        var routed = locators.Warm.Endpoints.OfType<RouteEndpoint>()
            .Where(e => !NotApi.Contains(e.RoutePattern.RawText!) && e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(method => $"{method} {e.RoutePattern.RawText}"))
            .ToHashSet();

        Assert.NotEmpty(routed);
        Assert.True(routed.SetEquals(documented), $"Routed but not documented: {string.Join(", ", routed.Except(documented))}. Documented but not routed: {string.Join(", ", documented.Except(routed))}.");
    }

    [Fact]
    public async Task EveryDocumentedAnswer_IsProduced_AndEveryProducedAnswerIsDocumented()
    {
        await using var locators = await SecuredLocators.StartAsync();
        using var document = await DocumentAsync(locators.Warm);
        var operations = Operations(document).ToList();
        var provocations = ApiProvocations.Specific()
            .Concat(operations.SelectMany(o => ApiProvocations.Common(o.Method, o.Route)))
            .ToList();

        foreach (var provocation in provocations)
        {
            var operation = operations.SingleOrDefault(o => o.Method == provocation.Method && o.Route == provocation.Route);
            Assert.True(operation.Responses.ValueKind == JsonValueKind.Object, $"{provocation}: the operation is not in the document.");
            using var response = await provocation.SendAsync(locators);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(provocation.Status == (int)response.StatusCode, $"{provocation}: answered {(int)response.StatusCode} {body}");
            Assert.True(operation.Responses.TryGetProperty(Code(provocation.Status), out var documented), $"{provocation}: the answer is not documented.");
            await CheckAnswerAsync(document, provocation, documented, response, body);
        }

        var produced = provocations.Select(p => $"{p.Method} {p.Route} {p.Status}").ToHashSet();
        var missing = operations
            .SelectMany(o => o.Responses.EnumerateObject().Select(r => $"{o.Method} {o.Route} {r.Name}"))
            .Where(answer => !produced.Contains(answer))
            .ToList();
        Assert.True(missing.Count == 0, $"Documented but never produced: {string.Join(", ", missing)}.");
    }

    [Fact]
    public async Task Document_IsServedLikeTheOtherReadRoutes()
    {
        await using var locators = await SecuredLocators.StartAsync();

        // No credential needed, even where locates and writes need one; a foreign Host is refused.
        using var open = await locators.Warm.SendAsync(HttpMethod.Get, "openapi/v1.json");
        using var foreign = await locators.Warm.SendAsync(HttpMethod.Get, "openapi/v1.json", configure: request => request.Headers.Host = "evil.example");

        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Equal("application/json", open.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.MisdirectedRequest, foreign.StatusCode);
        await ApiLocator.ProblemOfAsync(foreign);
    }

    private static async Task CheckAnswerAsync(JsonDocument document, ApiProvocations.Provocation provocation, JsonElement documented, HttpResponseMessage response, string body)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (!documented.TryGetProperty("content", out var content))
        {
            Assert.True(body.Length == 0, $"{provocation}: documented without a body, answered {mediaType}: {body}");
            return;
        }

        var media = default(JsonElement);
        Assert.True(mediaType is not null && content.TryGetProperty(mediaType, out media), $"{provocation}: answered {mediaType}, documented {string.Join(", ", content.EnumerateObject().Select(p => p.Name))}.");
        if (mediaType == Problem.ContentType)
        {
            var problem = await ApiLocator.ProblemOfAsync(response);
            var types = media.GetProperty("schema").GetProperty("allOf")[1].GetProperty("properties").GetProperty("type").GetProperty("enum")
                .EnumerateArray().Select(t => t.GetString()).ToList();
            Assert.True(types.Contains(problem.Type), $"{provocation}: the problem's type '{problem.Type}' is not documented ({string.Join(", ", types)}).");
        }
        else if (mediaType == "application/json")
        {
            using var answer = JsonDocument.Parse(body);
            Assert.True(Fits(document, media.GetProperty("schema"), answer.RootElement), $"{provocation}: the body lacks a property its schema requires: {body}");
        }
    }

    /// <summary>Whether <paramref name="value"/> has every property <paramref name="schema"/> requires (one branch of a oneOf).</summary>
    private static bool Fits(JsonDocument document, JsonElement schema, JsonElement value)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!["#/components/schemas/".Length..];
            return Fits(document, document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty(name), value);
        }

        if (schema.TryGetProperty("oneOf", out var branches))
        {
            return branches.EnumerateArray().Any(branch => Fits(document, branch, value));
        }

        return !schema.TryGetProperty("required", out var required)
            || required.EnumerateArray().All(property => value.TryGetProperty(property.GetString()!, out _));
    }

    private static async Task<JsonDocument> DocumentAsync(ApiLocator locator) =>
        JsonDocument.Parse(await locator.Http.GetStringAsync("openapi/v1.json"));

    private static IEnumerable<(string Method, string Route, JsonElement Responses)> Operations(JsonDocument document) =>
        document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(operation => operation.Value.TryGetProperty("responses", out _))
                .Select(operation => (operation.Name.ToUpperInvariant(), path.Name, operation.Value.GetProperty("responses"))));

    private static string Code(int status) => status.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
